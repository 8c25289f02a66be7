namespace FileSearch.Testing.Telemetry;

/// <summary>
/// The fields of an OTLP span a test looks at, decoded from an <c>ExportTraceServiceRequest</c> (opentelemetry-proto
/// trace/v1/trace.proto: ResourceSpans = 1 → ScopeSpans = 2 → Span = 2; in a Span trace_id = 1, span_id = 2,
/// parent_span_id = 4, name = 5, kind = 6).
/// </summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind)
{
    public static IEnumerable<OtlpSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Protobuf.Messages(request, 1))
        {
            foreach (var scopeSpans in Protobuf.Messages(resourceSpans, 2))
            {
                foreach (var span in Protobuf.Messages(scopeSpans, 2))
                {
                    yield return FromSpan(span);
                }
            }
        }
    }

    private static OtlpSpan FromSpan(byte[] span)
    {
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty;
        var kind = 0;
        foreach (var (field, value, number) in Protobuf.Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(value); break;
                case 6: kind = (int)number; break;
            }
        }

        return new OtlpSpan(traceId, spanId, parent, name, kind);
    }

    /// <summary>Just enough of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/).</summary>
    private static class Protobuf
    {
        public static IEnumerable<byte[]> Messages(byte[] message, int field) =>
            Fields(message).Where(f => f.Field == field).Select(f => f.Value);

        /// <summary>Each field: its number, its bytes (length-delimited) and its number value (varint).</summary>
        public static List<(int Field, byte[] Value, ulong Number)> Fields(byte[] message)
        {
            var fields = new List<(int, byte[], ulong)>();
            var position = 0;
            while (position < message.Length)
            {
                var key = Varint(message, ref position);
                var field = (int)(key >> 3);
                switch ((int)(key & 7))
                {
                    case 0:
                        fields.Add((field, [], Varint(message, ref position)));
                        break;
                    case 1:
                        fields.Add((field, message[position..(position + 8)], 0));
                        position += 8;
                        break;
                    case 2:
                        var length = (int)Varint(message, ref position);
                        fields.Add((field, message[position..(position + length)], 0));
                        position += length;
                        break;
                    case 5:
                        fields.Add((field, message[position..(position + 4)], 0));
                        position += 4;
                        break;
                    default:
                        throw new FormatException($"unsupported protobuf wire type {key & 7}");
                }
            }

            return fields;
        }

        private static ulong Varint(byte[] data, ref int position)
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new FormatException("varint too long");
        }
    }
}
