using System.Text;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Runs;

/// <summary>
/// An output folder belongs to one store: the file ".engine-store" in it holds that store's id
/// (<see cref="Data.IRunStateStore.StoreId"/>), written by the first run (or recalculation) of the store that uses the
/// folder. A run of another store (a mistyped --database, a copy for tests) pointed at the same folder is refused before
/// it claims anything, naming the files it found, instead of writing its files beside the real night's and leaving the
/// real run of that date to fail on them. A folder without the file (written before stores had an id) is taken over,
/// unless the run's own folder holds files its store's run cannot have written.
/// </summary>
public static class OutputFolderOwner
{
    public const string MarkerName = ".engine-store";

    /// <param name="runFolder">The run's folder inside <paramref name="outputFolder"/>, or null (a recalculation).</param>
    /// <param name="runMayHaveWritten">Whether this store's run may have written files there (it was decided or later).</param>
    public static void Ensure(string outputFolder, string storeId, string? runFolder = null, bool runMayHaveWritten = false)
    {
        var marker = Path.Combine(outputFolder, MarkerName);
        if (File.Exists(marker))
        {
            var owner = File.ReadAllText(marker).Trim();
            if (owner == storeId)
            {
                // A process killed while it wrote the mark left its temporary file: the mark is whole, that file is not needed.
                foreach (var leftover in Directory.EnumerateFiles(outputFolder, "." + MarkerName + ".*.tmp"))
                    if (AtomicFile.IsLeftover(Path.GetFileName(leftover))) File.Delete(leftover);
                return;
            }
            throw Foreign(outputFolder, $"belongs to another database (store {owner}; this database is store {storeId}, {marker})", runFolder);
        }
        if (runFolder is not null && !runMayHaveWritten && Directory.Exists(runFolder) && Directory.EnumerateFileSystemEntries(runFolder).Any())
            throw Foreign(outputFolder, "has no store mark and this database's run has not written its files yet", runFolder);
        try
        {
            AtomicFile.Write(marker, Encoding.ASCII.GetBytes(storeId + "\n"));
        }
        catch (PaymentFileConflictException)
        {
            // Another store marked it at the same moment.
            Ensure(outputFolder, storeId, runFolder, runMayHaveWritten);
        }
    }

    private static EngineRefusal Foreign(string outputFolder, string why, string? runFolder)
    {
        var files = runFolder is not null && Directory.Exists(runFolder)
            ? Directory.EnumerateFileSystemEntries(runFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];
        var found = files.Count == 0 ? "" : $"; {runFolder} holds {string.Join(", ", files.Take(8))}{(files.Count > 8 ? $" and {files.Count - 8} more" : "")}";
        return new EngineRefusal($"output folder {outputFolder} {why}{found}: nothing claimed or written; " +
                                 "give each database its own Engine:OutputFolder (or check --database)");
    }
}
