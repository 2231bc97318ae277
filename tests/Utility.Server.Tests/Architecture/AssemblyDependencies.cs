using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ComputeUtility.Server.Tests.Architecture;

/// <summary>
/// Dependencies in the compiled assembly: for each type, the server types named by its base type, interfaces,
/// attributes, fields, method signatures, locals and the tokens in its method bodies (calls, field access,
/// casts, typeof, generic arguments). Compiler-made types (closures, state machines) count for their outer type.
/// </summary>
internal static class AssemblyDependencies
{
    private const string Root = "ComputeUtility.Server.";
    private static readonly OperandType?[] OneByte = new OperandType?[256];
    private static readonly OperandType?[] TwoByte = new OperandType?[256];

    static AssemblyDependencies()
    {
        foreach (var field in typeof(OpCodes).GetFields())
        {
            if (field.GetValue(null) is OpCode code)
            {
                var value = (ushort)code.Value;
                if (code.Size == 1)
                {
                    OneByte[value & 0xFF] = code.OperandType;
                }
                else
                {
                    TwoByte[value & 0xFF] = code.OperandType;
                }
            }
        }
    }

    public static void AddTo(FeatureGraph graph, string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.TypeDefinitions)
        {
            var from = Feature(md, handle);
            if (from is null)
            {
                continue;
            }

            var used = new HashSet<TypeDefinitionHandle>();
            Collect(pe, md, md.GetTypeDefinition(handle), new Collector(md, used));
            foreach (var target in used)
            {
                if (Feature(md, target) is { } to)
                {
                    graph.Add(from, to, $"{Name(md, handle)} uses {Name(md, target)}");
                }
            }
        }
    }

    private static void Collect(PEReader pe, MetadataReader md, TypeDefinition type, Collector collector)
    {
        collector.Add(type.BaseType);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            collector.Add(md.GetInterfaceImplementation(implementation).Interface);
        }

        collector.AddAttributes(type.GetCustomAttributes());
        foreach (var fieldHandle in type.GetFields())
        {
            var field = md.GetFieldDefinition(fieldHandle);
            field.DecodeSignature(collector, null);
            collector.AddAttributes(field.GetCustomAttributes());
        }

        foreach (var propertyHandle in type.GetProperties())
        {
            var property = md.GetPropertyDefinition(propertyHandle);
            property.DecodeSignature(collector, null);
            collector.AddAttributes(property.GetCustomAttributes());
        }

        foreach (var methodHandle in type.GetMethods())
        {
            var method = md.GetMethodDefinition(methodHandle);
            method.DecodeSignature(collector, null);
            collector.AddAttributes(method.GetCustomAttributes());
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(collector, null);
            }

            foreach (var token in Tokens(body.GetILBytes() ?? []))
            {
                collector.Add(MetadataTokens.EntityHandle(token));
            }
        }
    }

    /// <summary>The metadata tokens an IL stream names (field, method, type and ldtoken operands).</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            var operand = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += il[at] == 0xFE ? 2 : 1;
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    yield return BitConverter.ToInt32(il, at);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig
                    or OperandType.InlineString or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    throw new InvalidDataException($"Unknown IL opcode at offset {at}.");
            }
        }
    }

    private static TypeDefinitionHandle Outermost(MetadataReader md, TypeDefinitionHandle handle)
    {
        var declaring = md.GetTypeDefinition(handle).GetDeclaringType();
        return declaring.IsNil ? handle : Outermost(md, declaring);
    }

    /// <summary>The feature folder a type belongs to: the segment after ComputeUtility.Server. of its namespace.</summary>
    private static string? Feature(MetadataReader md, TypeDefinitionHandle handle)
    {
        var ns = md.GetString(md.GetTypeDefinition(Outermost(md, handle)).Namespace);
        if (!ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static string Name(MetadataReader md, TypeDefinitionHandle handle) =>
        md.GetString(md.GetTypeDefinition(Outermost(md, handle)).Name);

    /// <summary>Decodes signatures only for their side effect: every server type they name is recorded.</summary>
    private sealed class Collector(MetadataReader md, HashSet<TypeDefinitionHandle> used) : ISignatureTypeProvider<object?, object?>
    {
        public void Add(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    Add(md.GetMemberReference((MemberReferenceHandle)handle).Parent);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
            }
        }

        public void AddAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Add(md.GetCustomAttribute(attribute).Constructor);
            }
        }

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            used.Add(handle);
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return null;
        }

        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
    }
}
