using FileSearch.Cli.Commands;

return await FileSearchCli.InvokeAsync(args).ConfigureAwait(false);
