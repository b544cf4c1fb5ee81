namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Numbers that are not counts of harmed people give no claim, even next to a metric word.</summary>
public sealed class NotCountTests
{
    [Theory]
    // dates and years
    [InlineData("On January 6, 12 people were killed.", 12)]
    [InlineData("On 6 January 12 people were killed.", 12)]
    [InlineData("Protests began on January 2, 2022 and 12 people were killed.", 12)]
    [InlineData("Protesters killed on Jan. 6 numbered 12.", 12)]
    [InlineData("In 2022, 12 people were killed.", 12)]
    // times
    [InlineData("At 10:30 police said 12 people were killed.", 12)]
    [InlineData("By 6 pm, 12 people were killed.", 12)]
    [InlineData("By 6 p.m. 12 people had been killed.", 12)]
    [InlineData("As of 0800 GMT, 12 people had been killed.", 12)]
    // ages
    [InlineData("A 34-year-old and 12 others were killed.", 12)]
    [InlineData("Those killed, aged between 18 and 25, numbered 12.", 12)]
    [InlineData("Of the 12 killed, two were aged 17.", 12)]
    [InlineData("Children under 5 were among the 12 killed.", 12)]
    // prices, percentages and money
    [InlineData("Gas rose to 120 tenge a litre; 12 people were killed in protests.", 12)]
    [InlineData("40% of the 12 people killed were police.", 12)]
    [InlineData("Compensation of $5,000 will go to each of the 12 killed.", 12)]
    [InlineData("A fund of 10 million tenge was set up for the 12 killed.", 12)]
    // things and unharmed people
    [InlineData("400 officers were deployed and 12 were killed.", 12)]
    [InlineData("300 demonstrators gathered; 12 were killed.", 12)]
    [InlineData("The blast destroyed 85 homes and killed 12 people.", 12)]
    [InlineData("Over 3 days, 12 people were killed.", 12)]
    // handles, links, codes
    [InlineData("@user_12 posted that 12 people were killed: https://example.org/2022/12/killed-12", 12)]
    [InlineData("#Almaty2022: 12 people were killed.", 12)]
    [InlineData("COVID-19 killed 12 people.", 12)]
    [InlineData("Flight 370: 12 people were killed.", 12)]
    [InlineData("A 12-hour curfew followed; 12 people were killed.", 12)]
    public void Only_the_count_is_a_claim(string text, long n)
    {
        var claim = Extracted.Single(text);
        Assert.Equal((n, n), (claim.Value.Low, claim.Value.High));
    }

    [Theory]
    [InlineData("The storm left hundreds of thousands without power.")]
    [InlineData("The storm left 200,000 people without power.")]
    [InlineData("400 officers were deployed.")]
    [InlineData("300 demonstrators gathered outside the hospital where the wounded were treated.")]
    [InlineData("85 homes were destroyed.")]
    [InlineData("Dozens of shops were looted and hundreds of cars set on fire.")]
    [InlineData("All 43 passengers were rescued unharmed.")]
    [InlineData("Those detained were aged between 18 and 25.")]
    [InlineData("A 34-year-old man was arrested.")]
    [InlineData("The suspect, 23, was arrested.")]
    [InlineData("Fuel prices rose to 120 tenge per litre from 60 tenge.")]
    [InlineData("Turnout was 62.3 per cent.")]
    [InlineData("Shares fell 12% in London.")]
    [InlineData("The government pledged $5 million to the injured.")]
    [InlineData("Police detained him for 48 hours.")]
    [InlineData("Another 12 people were killed on Tuesday.")]
    [InlineData("Three more deaths were reported.")]
    [InlineData("No one was killed.")]
    [InlineData("1 in 5 of the injured were children.")]
    [InlineData("See https://example.org/live/12-killed and pic.twitter.com/Ab12Cd34 for @police_12 and #killed12.")]
    [InlineData("The curfew runs from 11 p.m. to 7 a.m.")]
    [InlineData("Protests began on Sunday, January 2 in the provinces.")]
    public void No_claim(string text) => Extracted.Nothing(text);
}
