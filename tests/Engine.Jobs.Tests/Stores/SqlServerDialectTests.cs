using System.Reflection;
using System.Text.RegularExpressions;
using Engine.Store.Postgres;
using Engine.Store.SqlServer;
using Engine.Tests.Shared;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Engine.Jobs.Tests.Stores;

/// <summary>
/// The SQL Server store checked without a server (no machine of the project runs one): its migration and every
/// statement it sends parse with SQL Server's own parser (ScriptDom, SQL Server 2022 grammar), its bulk loads name
/// tables and columns its migration creates, and its migration declares the very tables, columns and kinds of
/// column of the PostgreSQL store's, so a column added to one store and forgotten in the other fails here.
/// </summary>
public sealed class SqlServerDialectTests
{
    private static TSqlScript Parse(string sql, string what)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var script = (TSqlScript)parser.Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0,
            $"{what} does not parse as T-SQL: " + string.Join("; ", errors.Select(e => $"line {e.Line} col {e.Column}: {e.Message}")) + "\n" + sql);
        Assert.NotEmpty(script.Batches.SelectMany(b => b.Statements));
        return script;
    }

    /// <summary>The store's migrations, all of them in their order, as one text: the schema they end at.</summary>
    private static string Migration<T>() =>
        string.Join("\n", (typeof(T) == typeof(SqlServerStore) ? SqlServerStore.Scripts() : PostgresStore.Scripts()).OrderBy(s => s.Version).Select(s => s.Sql));

    /// <summary>Every static field of the store's classes holding a statement (its name ends in Sql), by name.</summary>
    private static IEnumerable<(string Name, string Sql)> Statements() =>
        new[] { typeof(SqlServerStore), typeof(Engine.Store.SqlServer.DemoDatabase) }
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => f.FieldType == typeof(string) && f.Name.EndsWith("Sql", StringComparison.Ordinal))
                .Select(f => ($"{t.Name}.{f.Name}", (string)f.GetValue(null)!)));

    [Fact]
    public void The_migration_parses_as_one_T_SQL_batch()
    {
        // One batch each: the Migrator sends a script as one command in one transaction (no GO separators).
        foreach (var migration in SqlServerStore.Scripts()) Assert.Single(Parse(migration.Sql, migration.Name).Batches);
        Assert.Equal("0001_initial", SqlServerStore.Scripts().First().Name);
        // Ascending and each once; gaps are allowed: parallel branches are given their own numbers (as SQLite's 0028-0029).
        var versions = SqlServerStore.Scripts().Select(s => s.Version).ToList();
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    [Fact]
    public void Every_statement_the_store_sends_parses_as_T_SQL()
    {
        var statements = Statements().ToList();
        // The store's statements are all reached: about a hundred, none forgotten as an inline string (below).
        Assert.True(statements.Count > 90, $"only {statements.Count} statements found");
        foreach (var (name, sql) in statements) Parse(sql, name);
    }

    [Fact]
    public void The_store_sends_no_statement_written_inline_where_this_test_cannot_reach_it()
    {
        var folder = Path.Combine(SharedFolder.RepositoryRoot, "src", "Engine.Store.SqlServer");
        // A Dapper or SqlCommand call given a string literal (or an interpolated one) instead of a ...Sql field.
        var inline = new Regex(@"\b(Query\w*|Execute\w*|SqlCommand)(<[^()]*>)?\(\s*\$?""", RegexOptions.Multiline);
        var found = Directory.GetFiles(folder, "*.cs")
            .SelectMany(f => inline.Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();
        Assert.True(found.Count == 0, "inline SQL: " + string.Join(", ", found));
    }

    /// <summary>Each table of a T-SQL script with its columns and their kinds, as its CREATE and ALTER TABLE leave them.</summary>
    private static Dictionary<string, Dictionary<string, string>> TablesOf(TSqlScript script)
    {
        var tables = new Dictionary<string, Dictionary<string, string>>();
        foreach (var statement in script.Batches.SelectMany(b => b.Statements))
            switch (statement)
            {
                case CreateTableStatement t:
                    tables[t.SchemaObjectName.BaseIdentifier.Value] = t.Definition.ColumnDefinitions.ToDictionary(c => c.ColumnIdentifier.Value, c => Kind(c));
                    break;
                case AlterTableAddTableElementStatement add:
                    foreach (var c in add.Definition.ColumnDefinitions) tables[add.SchemaObjectName.BaseIdentifier.Value][c.ColumnIdentifier.Value] = Kind(c);
                    break;
                case AlterTableAlterColumnStatement alter when alter.DataType is not null:
                    tables[alter.SchemaObjectName.BaseIdentifier.Value][alter.ColumnIdentifier.Value] = Kind(alter.DataType);
                    break;
            }
        return tables;
    }

    private static string Kind(ColumnDefinition c) => Kind(c.DataType);

    private static string Kind(DataTypeReference dataType)
    {
        var type = ((SqlDataTypeReference)dataType).SqlDataTypeOption;
        return type switch
        {
            SqlDataTypeOption.NVarChar => "text",
            SqlDataTypeOption.BigInt => "bigint",
            SqlDataTypeOption.Int => "integer",
            SqlDataTypeOption.Date => "date",
            SqlDataTypeOption.Bit => "boolean",
            SqlDataTypeOption.VarBinary => "bytes",
            _ => type.ToString(),
        };
    }

    /// <summary>Each table of the PostgreSQL script with its columns and their kinds (its CREATE TABLE lines).</summary>
    private static Dictionary<string, Dictionary<string, string>> PostgresTables()
    {
        var tables = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in Migration<PostgresStore>().Split('\n'))
        {
            if (Regex.Match(line, @"^CREATE TABLE (\w+) \(") is { Success: true } table) tables[table.Groups[1].Value] = current = [];
            else if (Regex.Match(line, @"^ALTER TABLE (\w+) ADD COLUMN (\w+)\s+(text|bigint|integer|date|boolean|bytea)\b", RegexOptions.IgnoreCase) is { Success: true } added)
                tables[added.Groups[1].Value][added.Groups[2].Value] = added.Groups[3].Value.ToLowerInvariant() == "bytea" ? "bytes" : added.Groups[3].Value.ToLowerInvariant();
            else if (line.StartsWith(");", StringComparison.Ordinal)) current = null;
            else if (current is not null && Regex.Match(line, @"^\s+(\w+)\s+(text|bigint|integer|date|boolean|bytea)\b") is { Success: true } column)
                current[column.Groups[1].Value] = column.Groups[2].Value == "bytea" ? "bytes" : column.Groups[2].Value;
        }
        return tables;
    }

    [Fact]
    public void The_migration_declares_the_tables_columns_and_kinds_of_the_PostgreSQL_migration()
    {
        var sqlServer = TablesOf(Parse(Migration<SqlServerStore>(), "the migrations"));
        var postgres = PostgresTables();
        Assert.True(postgres.Count >= 30, $"only {postgres.Count} PostgreSQL tables read");
        Assert.Equal(postgres.Keys.Order(StringComparer.Ordinal), sqlServer.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, columns) in postgres)
        {
            Assert.Equal(columns.Keys.Order(StringComparer.Ordinal), sqlServer[table].Keys.Order(StringComparer.Ordinal));
            foreach (var (column, kind) in columns)
                Assert.True(kind == sqlServer[table][column], $"{table}.{column}: {kind} on PostgreSQL, {sqlServer[table][column]} on SQL Server");
        }
        // Money in integer cents, never a float; instants as text (DbTypes.StoredInstant), as on the other stores.
        Assert.All(sqlServer.SelectMany(t => t.Value.Where(c => c.Key.EndsWith("_cents", StringComparison.Ordinal))), c => Assert.Equal("bigint", c.Value));
        Assert.Equal("text", sqlServer["beneficiaries"]["known_at"]);
        Assert.Equal("date", sqlServer["care_lines"]["service_date"]);
    }

    /// <summary>Collects the columns an expression reads.</summary>
    private sealed class ColumnsRead : TSqlFragmentVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);
        public override void Visit(ColumnReferenceExpression node) => Names.Add(node.MultiPartIdentifier.Identifiers[^1].Value);
    }

    [Fact]
    public void A_column_check_reads_only_its_own_column()
    {
        // SQL Server refuses a column CHECK that reads another column (error 8141) when the script runs; the parser does not.
        var script = Parse(Migration<SqlServerStore>(), "the migrations");
        var checks = 0;
        foreach (var table in script.Batches.SelectMany(b => b.Statements).OfType<CreateTableStatement>())
            foreach (var column in table.Definition.ColumnDefinitions)
                foreach (var check in column.Constraints.OfType<CheckConstraintDefinition>())
                {
                    var read = new ColumnsRead();
                    check.CheckCondition.Accept(read);
                    checks++;
                    Assert.True(read.Names.SetEquals([column.ColumnIdentifier.Value]),
                        $"{table.SchemaObjectName.BaseIdentifier.Value}.{column.ColumnIdentifier.Value}: its CHECK reads {string.Join(", ", read.Names)}; make it a table constraint");
                }
        Assert.True(checks >= 10, $"only {checks} column checks found");
    }

    [Fact]
    public void No_key_of_an_index_or_constraint_is_a_max_column()
    {
        // SQL Server refuses nvarchar(max) or varbinary(max) as a key column of an index, a primary key or a unique
        // constraint (error 1919) when the script runs; the parser does not.
        var script = Parse(Migration<SqlServerStore>(), "the migrations");
        var statements = script.Batches.SelectMany(b => b.Statements).ToList();
        var max = new HashSet<(string, string)>();
        void Column(string table, string column, DataTypeReference type)
        {
            if (type is SqlDataTypeReference { Parameters: [{ LiteralType: LiteralType.Max }] }) max.Add((table, column));
            else max.Remove((table, column));
        }
        foreach (var statement in statements)
            switch (statement)
            {
                case CreateTableStatement t:
                    foreach (var c in t.Definition.ColumnDefinitions) Column(t.SchemaObjectName.BaseIdentifier.Value, c.ColumnIdentifier.Value, c.DataType);
                    break;
                case AlterTableAddTableElementStatement a:
                    foreach (var c in a.Definition.ColumnDefinitions) Column(a.SchemaObjectName.BaseIdentifier.Value, c.ColumnIdentifier.Value, c.DataType);
                    break;
                case AlterTableAlterColumnStatement a when a.DataType is not null:
                    Column(a.SchemaObjectName.BaseIdentifier.Value, a.ColumnIdentifier.Value, a.DataType);
                    break;
            }
        var keys = new List<(string Table, string Column, string Where)>();
        foreach (var t in statements.OfType<CreateTableStatement>())
        {
            var table = t.SchemaObjectName.BaseIdentifier.Value;
            foreach (var c in t.Definition.ColumnDefinitions)
                if (c.Constraints.OfType<UniqueConstraintDefinition>().Any()) keys.Add((table, c.ColumnIdentifier.Value, "primary key or unique"));
            foreach (var u in t.Definition.TableConstraints.OfType<UniqueConstraintDefinition>())
                keys.AddRange(u.Columns.Select(c => (table, c.Column.MultiPartIdentifier.Identifiers[^1].Value, "primary key or unique")));
        }
        foreach (var i in statements.OfType<CreateIndexStatement>())
            keys.AddRange(i.Columns.Select(c => (i.OnName.BaseIdentifier.Value, c.Column.MultiPartIdentifier.Identifiers[^1].Value, i.Name.Value)));
        Assert.True(keys.Count > 50, $"only {keys.Count} key columns found");
        foreach (var (table, column, where) in keys)
            Assert.False(max.Contains((table, column)), $"{table}.{column} is a (max) column and a key of {where}");
    }

    [Fact]
    public void Every_text_column_compares_ordinally_in_a_binary_collation()
    {
        var script = Parse(Migration<SqlServerStore>(), "the migrations");
        var statements = script.Batches.SelectMany(b => b.Statements).ToList();
        var text = statements.OfType<CreateTableStatement>()
            .SelectMany(t => t.Definition.ColumnDefinitions.Select(c => (Table: t.SchemaObjectName.BaseIdentifier.Value, c.ColumnIdentifier.Value, c.DataType, c.Collation)))
            .Concat(statements.OfType<AlterTableAddTableElementStatement>()
                .SelectMany(a => a.Definition.ColumnDefinitions.Select(c => (Table: a.SchemaObjectName.BaseIdentifier.Value, c.ColumnIdentifier.Value, c.DataType, c.Collation))))
            .Concat(statements.OfType<AlterTableAlterColumnStatement>().Where(a => a.DataType is not null)
                .Select(a => (Table: a.SchemaObjectName.BaseIdentifier.Value, a.ColumnIdentifier.Value, a.DataType, a.Collation)))
            .Where(c => Kind(c.DataType) == "text")
            .ToList();
        Assert.True(text.Count > 100, $"only {text.Count} text columns");
        foreach (var (table, column, _, collation) in text)
            Assert.True(collation?.Value == "Latin1_General_100_BIN2", $"{table}.{column} is not in Latin1_General_100_BIN2");
    }

    [Fact]
    public void The_migration_creates_the_indexes_of_the_PostgreSQL_migration()
    {
        static List<string> Names(string sql) =>
            Regex.Matches(sql, @"CREATE (?:UNIQUE )?INDEX (\w+)").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        var sqlServer = Names(Migration<SqlServerStore>());
        Assert.Contains("ux_run_items_paid_once", sqlServer);
        Assert.Equal(Names(Migration<PostgresStore>()), sqlServer);
        // The unique indexes PostgreSQL writes partial are filtered here: an item paid once, whatever the run.
        Assert.Contains("CREATE UNIQUE INDEX ux_run_items_paid_once ON run_items (source_ref) WHERE outcome = 'paid';", Migration<SqlServerStore>());
        Assert.Contains("CREATE UNIQUE INDEX ux_payment_items_paid_once ON payment_items (item_kind, item_id) WHERE paid = 1;", Migration<SqlServerStore>());
    }

    [Fact]
    public void Every_bulk_load_names_a_table_and_columns_of_the_migration()
    {
        var tables = TablesOf(Parse(Migration<SqlServerStore>(), "the migrations"));
        // The decide pass loads its outcomes into a temporary table of its own.
        var decided = (string)typeof(SqlServerStore).GetField("CreateDecidedSql", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
        foreach (var (name, columns) in TablesOf(Parse(decided, "CreateDecidedSql"))) tables[name] = columns;
        var targets = typeof(SqlServerStore).GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(f => f.FieldType == typeof(BulkTarget)).Select(f => (f.Name, Target: (BulkTarget)f.GetValue(null)!)).ToList();
        Assert.True(targets.Count >= 19, $"only {targets.Count} bulk loads found");
        foreach (var (name, target) in targets)
        {
            Assert.True(tables.ContainsKey(target.Table), $"{name}: no table {target.Table}");
            Assert.Empty(target.Columns.Except(tables[target.Table].Keys));
            Assert.Equal(target.Columns.Length, target.Columns.Distinct().Count());
        }
    }
}
