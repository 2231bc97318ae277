using ComputeUtility.Discovery.Hosting;

namespace ComputeUtility.Discovery.Tests.Hosting;

/// <summary>The instance label the utility derives from its descriptor name keeps Unicode and fits one DNS label.</summary>
public sealed class InstanceLabelTests
{
    [Fact]
    public void A_unicode_descriptor_name_is_kept_as_it_is()
    {
        UtilityAnnouncer.Printable("Rechenknecht Zürich 計算機").Should().Be("Rechenknecht Zürich 計算機");
    }

    [Fact]
    public void Control_characters_are_dropped()
    {
        UtilityAnnouncer.Printable("lab\u0007 box\n").Should().Be("lab box");
    }

    [Fact]
    public void A_long_unicode_name_is_cut_to_63_bytes_without_splitting_a_character()
    {
        var label = UtilityAnnouncer.Printable(new string('é', 40));

        Encoding.UTF8.GetByteCount(label).Should().Be(62, "é is two bytes; a 32nd would make 64");
        label.Should().Be(new string('é', 31));
    }
}
