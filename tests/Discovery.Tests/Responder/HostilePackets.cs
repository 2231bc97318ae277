using System.Buffers.Binary;

namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>Random and mutated mDNS packets: truncations, compression-pointer loops, huge counts, wrong classes, noise.</summary>
internal static class HostilePackets
{
    public static byte[] Next(Random random, byte[] valid)
    {
        var packet = (byte[])valid.Clone();
        switch (random.Next(8))
        {
            case 0: // pure noise
                var noise = new byte[random.Next(0, 600)];
                random.NextBytes(noise);
                return noise;
            case 1: // truncated anywhere
                return packet[..random.Next(0, packet.Length)];
            case 2: // a compression pointer to itself, right after the header
                packet[12] = 0xC0;
                packet[13] = 12;
                return packet;
            case 3: // two pointers pointing at each other
                var loop = new byte[40];
                loop[5] = 1; // one question
                loop[12] = 0xC0; loop[13] = 14; loop[14] = 0xC0; loop[15] = 12;
                return loop;
            case 4: // huge record counts
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)random.Next(2, 65536));
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), 0xFFFF);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 0xFFFF);
                return packet;
            case 5: // wrong class (CHAOS, HESIOD, NONE, random) on the question
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(packet.Length - 2), (ushort)random.Next(2, 255));
                return packet;
            case 6: // flip a few random bytes
                for (var i = 0; i < random.Next(1, 6); i++)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }

                return packet;
            default: // a label length pointing past the end
                packet[12] = 63;
                return packet;
        }
    }
}
