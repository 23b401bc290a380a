namespace Engine.Jobs.Data;

/// <summary>
/// Takes received files (a sending row, its raw bytes and accepted lines) into the store over one connection, with
/// its statements prepared once, many files per transaction. What is added becomes durable at <see cref="Commit"/>;
/// disposing without committing drops what was added since the last commit. The lookups see what was added before,
/// committed or not, so the files of one batch are checked against each other as against the store.
/// Only one writer at a time: while a batch is open it holds the store's write lock, so the caller commits before it
/// writes through the store's other methods.
/// </summary>
public interface ISendingWriter : IDisposable
{
    /// <summary>The sending holding exactly these bytes, without its raw bytes; null when none.</summary>
    SendingRow? SendingBySha256(string sha256);

    bool SendingIdentityExists(string identity);

    /// <summary>
    /// Says which content hashes and identities the next files will be looked up by, so a store across a network can
    /// look them all up in one round trip and answer <see cref="SendingBySha256"/> and <see cref="SendingIdentityExists"/>
    /// from what it found until the next <see cref="Commit"/>. Only a hint: a key not named is looked up as before, and a
    /// store in the same process (SQLite) does nothing.
    /// </summary>
    void Expect(IReadOnlyCollection<string> sha256s, IReadOnlyCollection<string> identities) { }

    /// <summary>Adds a received file and its accepted lines to the open batch; returns the sending id.</summary>
    long Add(SendingRow sending, IReadOnlyList<CareLineRow> lines);

    /// <summary>Files added since the last commit.</summary>
    int PendingFiles { get; }

    /// <summary>Care lines added since the last commit.</summary>
    int PendingLines { get; }

    /// <summary>Makes the open batch durable (nothing to do when it is empty); the writer stays usable.</summary>
    void Commit();
}
