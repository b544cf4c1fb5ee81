namespace FactTracker.Figures.Tests;

public sealed class IdentityTests
{
    [Theory]
    [InlineData("kazakhstan-unrest-2022", true)]
    [InlineData("a", true)]
    [InlineData("Kazakhstan", false)]
    [InlineData("two--dashes", false)]
    [InlineData("-leading", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    public void Slugs_are_lower_case_kebab(string value, bool valid) => Assert.Equal(valid, Slug.IsValid(value));

    [Theory]
    [InlineData("Security Forces", "security-forces")]
    [InlineData("  people ", "people")]
    [InlineData("health_workers", "health-workers")]
    [InlineData("!!!", null)]
    public void Subjects_normalise_to_slugs(string value, string? expected) => Assert.Equal(expected, Slug.Normalize(value));

    [Fact]
    public void A_figure_id_reads_story_metric_subject_and_round_trips()
    {
        var id = FigureId.For("kazakhstan-unrest-2022", "injured", "people");
        Assert.Equal("kazakhstan-unrest-2022/injured/people", id);
        Assert.True(FigureId.TryParse(id, out var parts));
        Assert.Equal(("kazakhstan-unrest-2022", "injured", "people", (string?)null), parts);
        Assert.True(FigureId.TryParse("kazakhstan-unrest-2022/killed/people/almaty", out var placed));
        Assert.Equal("almaty", placed.Place);
    }

    [Theory]
    [InlineData("kazakhstan-unrest-2022/eaten/people")]
    [InlineData("kazakhstan-unrest-2022/injured")]
    [InlineData("Kazakhstan/injured/people")]
    [InlineData("a/injured/people/almaty/extra")]
    public void Malformed_figure_ids_are_refused(string id) => Assert.False(FigureId.TryParse(id, out _));

    [Fact]
    public void Stable_ids_depend_only_on_their_name()
    {
        Assert.Equal(StableId.From("claim/1"), StableId.From("claim/1"));
        Assert.NotEqual(StableId.From("claim/1"), StableId.From("claim/2"));
        Assert.Equal(8, StableId.From("claim/1").Version);
    }
}
