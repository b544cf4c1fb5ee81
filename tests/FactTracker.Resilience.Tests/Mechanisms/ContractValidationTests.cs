using FactTracker.Contracts;
using FactTracker.ServiceDefaults;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>What the consume filter refuses before a consumer sees a message, and the path it names.</summary>
public sealed class ContractValidationTests
{
    private static UpdateReceived Update(params ReportedFigure[] figures) => new(Guid.NewGuid(), "story", "text", "Source",
        DateTimeOffset.UtcNow, null, figures, DateTimeOffset.UtcNow);

    [Fact]
    public void A_whole_message_with_its_optional_members_left_out_passes()
    {
        var update = Update(new ReportedFigure("killed", "people", new FigureValue("exact", 3, 3, null), null, null));

        Assert.Null(ContractValidation.FirstProblem(update, nameof(UpdateReceived)));
        // Checked again from the cached members: the same answer.
        Assert.Null(ContractValidation.FirstProblem(update, nameof(UpdateReceived)));
    }

    [Fact]
    public void A_missing_member_deep_in_a_list_is_named_by_its_path()
    {
        var update = Update(
            new ReportedFigure("killed", "people", new FigureValue("exact", 3, 3, null), null, null),
            new ReportedFigure("injured", "people", new FigureValue(null!, 10, null, null), null, null));

        Assert.Equal("UpdateReceived.Figures[1].Value.Kind is missing", ContractValidation.FirstProblem(update, nameof(UpdateReceived)));
    }

    [Fact]
    public void A_missing_item_an_empty_id_and_a_missing_text_are_each_refused()
    {
        Assert.Equal("UpdateReceived.Figures[0] is missing", ContractValidation.FirstProblem(Update([null!]), nameof(UpdateReceived)));
        Assert.Equal("UpdateReceived.UpdateId is empty",
            ContractValidation.FirstProblem(Update() with { UpdateId = Guid.Empty }, nameof(UpdateReceived)));
        Assert.Equal("UpdateReceived.Text is missing",
            ContractValidation.FirstProblem(Update() with { Text = null! }, nameof(UpdateReceived)));
    }
}
