// TableVault's Basic Workflow in C#, then a three-table pipeline (text files → chunks with artifact files →
// columns computed by a row-wise builder in parallel). Everything lives in one vault folder.
//
//   dotnet run --project examples/VaultWorkflow [-- VAULT_FOLDER]
using Strata.Examples.VaultWorkflow;

var folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "strata-vault-workflow-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss"));
return await Workflow.RunAsync(folder, Console.Out);
