using ComputeUtility.Conformance.Cli;

// cu-conformance: checks a compute utility against spec/ and writes an implementation report.
return args.FirstOrDefault() switch
{
    "run" => await RunCommand.ExecuteAsync(args.Skip(1).ToArray(), Console.Out, Console.Error),
    "list" => ListCommand.Execute(Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(RunOptions.Usage);
    return 2;
}
