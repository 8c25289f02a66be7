using FileSearch.Bench.Commands;

return await FileSearchBenchCli.InvokeAsync(args).ConfigureAwait(false);
