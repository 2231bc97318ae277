namespace ComputeUtility.Discovery.Tests.Responder;

public sealed class AnswerPlannerTests
{
    private static readonly ServiceAdvertisement Ad = new("desk", "desk-host", 8470, TxtKeys.Build("/.well-known/compute-utility", "1.0", 3));
    private static readonly List<MdnsRecord> Ours = ResponderRecords.For(Ad, [IPAddress.Loopback]);
    private static readonly DomainName Type = MdnsConstants.ServiceType(MdnsConstants.Local);

    [Fact]
    public void A_ptr_question_gets_the_ptr_with_srv_txt_and_address_as_additional_records()
    {
        var plan = AnswerPlanner.Plan(MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)]), Ours);

        plan.Answers.Should().ContainSingle().Which.Target.Should().Be(ResponderRecords.InstanceName(Ad));
        plan.Additionals.Select(r => r.Type).Should().BeEquivalentTo([RecordType.Srv, RecordType.Txt, RecordType.A]);
        plan.HasShared.Should().BeTrue("a PTR answer waits 20–120 ms");
    }

    [Fact]
    public void A_known_answer_with_at_least_half_its_ttl_suppresses_the_answer()
    {
        var ptr = Ours.First(r => r.Name.Equals(Type));
        var query = MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)], [ptr.WithTtl(ptr.Ttl / 2)]);

        AnswerPlanner.Plan(query, Ours).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_known_answer_with_less_than_half_its_ttl_left_does_not_suppress_the_answer()
    {
        var ptr = Ours.First(r => r.Name.Equals(Type));
        var query = MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)], [ptr.WithTtl(ptr.Ttl / 2 - 1)]);

        AnswerPlanner.Plan(query, Ours).Answers.Should().ContainSingle();
    }

    [Fact]
    public void The_service_enumeration_question_lists_our_service_type()
    {
        var plan = AnswerPlanner.Plan(MdnsPacket.Query([new MdnsQuestion(MdnsConstants.ServiceEnumeration, RecordType.Ptr)]), Ours);

        plan.Answers.Should().ContainSingle().Which.Target.Should().Be(Type);
    }

    [Fact]
    public void Records_carry_the_rfc_ttls_and_cache_flush_bits()
    {
        Ours.Where(r => r.Type is RecordType.Srv or RecordType.A).Should().OnlyContain(r => r.Ttl == 120 && r.CacheFlush);
        Ours.Where(r => r.Type is RecordType.Ptr or RecordType.Txt).Should().OnlyContain(r => r.Ttl == 4500);
        Ours.Where(r => r.Type == RecordType.Ptr).Should().OnlyContain(r => !r.CacheFlush, "PTR records are shared");
        Ours.Single(r => r.Type == RecordType.Txt).Text.Should().Equal("txtvers=1", "path=/.well-known/compute-utility", "api=1.0", "dv=3");
    }

    [Fact]
    public void A_question_for_another_class_of_name_gets_nothing()
    {
        AnswerPlanner.Plan(MdnsPacket.Query([new MdnsQuestion(new DomainName(["other", "local"]), RecordType.Any)]), Ours).IsEmpty.Should().BeTrue();
    }
}
