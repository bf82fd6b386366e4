namespace Strata.Vault.Processes;

/// <summary>One line of an undo journal: what a process changed, recorded before (or right after) the change.</summary>
/// <param name="Kind"><c>new</c> (the file did not exist: revert deletes it), <c>existed</c> (its previous content is in
/// <paramref name="Backup"/>: revert restores it), or <c>moved</c> (a folder was moved from <paramref name="Path"/> to
/// <paramref name="Target"/>: revert moves it back).</param>
/// <param name="Path">Lake-relative path.</param>
/// <param name="Backup">Backup file name inside the journal folder.</param>
/// <param name="Target">Lake-relative destination of a move.</param>
internal sealed record JournalEntry(string Kind, string Path, string? Backup = null, string? Target = null);
