package dev.drover.engine.pgloader;

import static dev.drover.engine.pgloader.Parsing.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static final String DB = "LOAD DATABASE FROM mysql://u@h/db INTO postgresql:///db\n";

    @Test
    void namesFileLineAndColumnInTheExceptionFields() {
        assertThatThrownBy(() -> CommandFile.parse("shop.load", "\n\n   LAOD CSV", java.util.Map.of()))
                .isInstanceOfSatisfying(CommandFileException.class, e -> {
                    assertThat(e.file()).isEqualTo("shop.load");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(4);
                    assertThat(e.problem()).isEqualTo("expected LOAD at the start of a command, found 'LAOD' (did you mean 'LOAD'?)");
                    assertThat(e.getMessage()).isEqualTo("shop.load:3:4: " + e.problem());
                });
    }

    @Test
    void suggestsTheKeywordForAMisspeltOne() {
        assertThat(error("LOAD CVS FROM x.csv")).isEqualTo("t.load:1:6: expected CSV, FIXED, COPY or DATABASE after LOAD, found 'CVS' (did you mean 'CSV'?)");
        assertThat(error("LOAD CSV FORM x.csv")).isEqualTo("t.load:1:10: expected FROM after LOAD CSV, found 'FORM'");
        assertThat(error("LOAD CSV FROM x.csv ITNO postgresql:///db?t;")).isEqualTo(
                "t.load:1:21: expected INTO after the FROM clause of LOAD CSV, found 'ITNO' (did you mean 'INTO'?)");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nWTIH truncate;")).isEqualTo(
                "t.load:2:1: expected WITH, SET, BEFORE LOAD, AFTER LOAD or ';' after the INTO clause of LOAD CSV, found 'WTIH' (did you mean 'WITH'?)");
        assertThat(error(DB + "WITH data only\nMATERALIZE VIEWS v;")).isEqualTo(
                "t.load:3:1: expected WITH, SET, CAST, MATERIALIZE, INCLUDING ONLY, EXCLUDING, DECODING, ALTER TABLE, ALTER SCHEMA, "
                        + "DISTRIBUTE, BEFORE LOAD, AFTER CREATE SCHEMA, AFTER LOAD or ';' after the INTO clause of LOAD DATABASE, found 'MATERALIZE' "
                        + "(did you mean 'MATERIALIZE'?)");
    }

    @Test
    void explainsWithOptionsBeforeInto() {
        assertThat(error("LOAD CSV FROM x.csv\n  WITH truncate INTO postgresql:///db?t;")).isEqualTo(
                "t.load:2:3: expected INTO after the FROM clause of LOAD CSV, found 'WITH' (only WITH ENCODING may come before INTO; WITH options come after it)");
    }

    @Test
    void suggestsTheOptionForAnUnknownOne() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nWITH truncate, skip headr = 1;")).isEqualTo(
                "t.load:2:16: unknown WITH option 'skip headr' for LOAD CSV (did you mean 'skip header'?)");
        assertThat(error(DB + "WITH create tabels;")).isEqualTo(
                "t.load:2:6: unknown WITH option 'create tabels' for LOAD DATABASE (did you mean 'create tables'?)");
        assertThat(error(DB + "WITH csv header;")).isEqualTo("t.load:2:6: 'csv header' is an option of LOAD CSV, not of LOAD DATABASE");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t WITH zzz;")).startsWith(
                "t.load:1:50: unknown WITH option 'zzz' for LOAD CSV; its options are: truncate, no truncate, drop indexes");
    }

    @Test
    void pointsAtAClauseAfterATrailingComma() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nWITH truncate,\nSET work_mem to '1MB';")).isEqualTo(
                "t.load:3:1: expected a WITH option of LOAD CSV after ',', found 'SET' (a comma after the last option?)");
    }

    @Test
    void checksOptionValues() {
        String csv = "LOAD CSV FROM x.csv INTO postgresql:///db?t WITH ";
        assertThat(error(csv + "batch size = 20 mb;")).isEqualTo(
                "t.load:1:66: expected a unit (kB, MB, GB, TB, PB; the case matters) after 'batch size = 20', found 'mb'");
        assertThat(error(csv + "batch rows 100;")).isEqualTo("t.load:1:61: expected '=' and a number after 'batch rows', found '100'");
        assertThat(error(csv + "truncate = 1;")).isEqualTo("t.load:1:59: option 'truncate' of LOAD CSV takes no value");
        assertThat(error(csv + "fields terminated by ';;';")).isEqualTo(
                "t.load:1:71: ';;' after 'fields terminated by' is not one character (write ';', '\\t' or '0x09')");
        assertThat(error(csv + "csv escape mode sometimes;")).isEqualTo(
                "t.load:1:66: expected quote or following after 'csv escape mode', found 'sometimes'");
        assertThat(error(csv + "prefetch rows = 10, batch concurrency = 5;")).isEqualTo(
                "t.load:1:70: 'batch concurrency' and 'prefetch rows' are the same setting ('batch concurrency' is its old name): keep one");
    }

    @Test
    void reportsAnUnterminatedString() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nWITH fields terminated by ';\n")).isEqualTo(
                "t.load:2:27: unterminated string: the ' here is never closed (pgloader strings have no escapes, so the text cannot contain ')");
    }

    @Test
    void reportsAnUnterminatedDollarBlock() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nBEFORE LOAD DO\n  $$ create table t (a int);\n")).isEqualTo(
                "t.load:3:3: unterminated $$ block: the $$ here is never closed (the body cannot contain $$; use a named tag such as $f$ inside)");
    }

    @Test
    void reportsAnUnterminatedComment() {
        assertThat(error("LOAD CSV /* FROM x.csv")).isEqualTo("t.load:1:10: unterminated comment: the /* here is never closed with */");
    }

    @Test
    void reportsABadRegex() {
        assertThat(error(DB + "EXCLUDING TABLE NAMES MATCHING 'a', ~/tmp_(/;")).isEqualTo(
                "t.load:2:37: bad regular expression ~/tmp_(/: Unclosed group near index 5");
        assertThat(error(DB + "EXCLUDING TABLE NAMES MATCHING ~/tmp_")).isEqualTo(
                "t.load:2:32: unterminated regular expression: no closing '/' for the ~/ here");
        assertThat(error(DB + "EXCLUDING TABLE NAMES MATCHING ~%x%;")).isEqualTo(
                "t.load:2:32: '~%' does not start a regular expression; the delimiters are / [ { ( < \" ' | #");
    }

    @Test
    void reportsABadCastRuleAtItsPlaceAndNamesTheCast() {
        String m = error(DB + "WITH data only\nCAST type int to bigint,\n     type datetime to timestamptz drop defualt\nSET work_mem to '1MB';");
        assertThat(m).startsWith("t.load:4:40: bad CAST rule 2 'type datetime to timestamptz drop defualt' (CAST at 3:1): ");
        assertThat(error(DB + "CAST type datetime using sqlite-timestamp-to-timestmp;")).startsWith("t.load:2:26: bad CAST rule 1 "
                + "'type datetime using sqlite-timestamp-to-timestmp' (CAST at 2:1): unknown transform 'sqlite-timestamp-to-timestmp'; known: ");
        // a misspelt clause after a CAST rule reads as more of the rule, and is reported there
        assertThat(error(DB + "CAST type int to bigint\nMATERALIZE VIEWS v;")).isEqualTo(
                "t.load:3:1: bad CAST rule 1 'type int to bigint MATERALIZE VIEWS v' (CAST at 2:1): unexpected 'materalize'");
        assertThat(error(DB + "CAST ;")).isEqualTo("t.load:2:6: expected a cast rule (type ... or column ...) after CAST, found ';'");
    }

    @Test
    void refusesADuplicateClauseThatPgloaderWouldIgnore() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nWITH truncate\nSET a to 'b'\nWITH csv header;")).isEqualTo(
                "t.load:4:1: a second WITH clause in LOAD CSV (the first is at 2:1); pgloader would silently ignore this one: merge them into one WITH clause");
        assertThat(error(DB + "AFTER LOAD DO $$a$$\nAFTER LOAD DO $$b$$;")).startsWith("t.load:3:1: a second AFTER LOAD clause in LOAD DATABASE (the first is at 2:1)");
    }

    @Test
    void refusesClausesTheSourceDoesNotAccept() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\nCAST type int to bigint;")).isEqualTo(
                "t.load:2:1: CAST is a clause of LOAD DATABASE, not of LOAD CSV");
        assertThat(error("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db\nSET MySQL PARAMETERS a = 'b';")).isEqualTo(
                "t.load:2:1: SET MySQL PARAMETERS applies to a MySQL source only; this one is SQLite");
        assertThat(error("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db\nINCLUDING ONLY TABLE NAMES MATCHING ~/a/;")).isEqualTo(
                "t.load:2:1: INCLUDING ONLY TABLE NAMES MATCHING is not accepted for a SQLite source: write INCLUDING ONLY TABLE NAMES LIKE 'pattern'");
        assertThat(error("LOAD DATABASE FROM pgsql://h/db INTO postgresql:///db\nINCLUDING ONLY TABLE NAMES MATCHING ~/a/;")).isEqualTo(
                "t.load:2:41: INCLUDING ONLY TABLE NAMES MATCHING needs IN SCHEMA 'name' for a PostgreSQL source, found ';'");
        assertThat(error(DB + "EXCLUDING TABLE NAMES MATCHING 'a' IN SCHEMA 'x';")).isEqualTo(
                "t.load:2:36: IN SCHEMA is not accepted for a MySQL source");
        assertThat(error("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db\nAFTER CREATE SCHEMA DO $$ x $$;")).isEqualTo(
                "t.load:2:1: AFTER CREATE SCHEMA is not accepted for a SQLite source");
        assertThat(error("LOAD DATABASE FROM mssql://h/db INTO postgresql:///db\nINCLUDING ONLY TABLE NAMES LIKE ~/a/ IN SCHEMA 'dbo';")).isEqualTo(
                "t.load:2:33: INCLUDING ONLY TABLE NAMES LIKE takes quoted LIKE patterns ('inv%'), not regular expressions");
    }

    @Test
    void refusesCommandsDroverDoesNotRunAndAStandaloneExecute() {
        assertThat(error("LOAD DBF FROM x.dbf INTO postgresql:///db;")).isEqualTo(
                "t.load:1:6: LOAD DBF is not supported by Drover; it loads CSV, FIXED, COPY and DATABASE sources");
        assertThat(error("EXECUTE 'setup.sql';")).isEqualTo("t.load:1:1: EXECUTE is not a command of its own: pgloader runs SQL files only in "
                + "BEFORE LOAD EXECUTE, AFTER LOAD EXECUTE or AFTER CREATE SCHEMA EXECUTE");
        assertThat(error("  -- nothing but a comment\n")).isEqualTo(
                "t.load:2:1: the file holds no command (expected LOAD CSV, LOAD FIXED, LOAD COPY or LOAD DATABASE)");
    }

    @Test
    void refusesInlineDataAfterAnotherCommand() {
        assertThat(error("LOAD CSV FROM a.csv INTO postgresql:///db?a;\nLOAD CSV FROM inline INTO postgresql:///db?b;\n1,2\n")).isEqualTo(
                "t.load:2:15: FROM inline needs LOAD CSV to be the only command of the file (its data follows the ;), but another command comes before it");
    }

    @Test
    void checksConnectionStringsAndEncodings() {
        assertThat(error("LOAD CSV FROM x.csv INTO mysql://h/db;")).isEqualTo(
                "t.load:1:26: expected a PostgreSQL connection string (postgresql://...) after INTO in LOAD CSV, found 'mysql://h/db'");
        assertThat(error("LOAD DATABASE FROM mysq://h/db INTO postgresql:///db;")).isEqualTo(
                "t.load:1:20: unknown database source 'mysq://': expected mysql://, sqlite://, mssql:// or postgresql:// (did you mean 'mysql'?)");
        assertThat(error("LOAD CSV FROM x.csv WITH ENCODING latin-l INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:35: unknown encoding 'latin-l' after WITH ENCODING (did you mean 'latin-9'?)");
        assertThat(error("LOAD DATABASE FROM sqlite:///x.db INTO postgresql:///db WITH encoding 'utf-9';")).isEqualTo(
                "t.load:1:71: unknown encoding 'utf-9' after WITH encoding (did you mean 'utf-8'?)");
        assertThat(error("LOAD CSV FROM fixed://x.txt INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:15: fixed:// names a FIXED file but the command is LOAD CSV");
    }

    @Test
    void checksFieldLists() {
        assertThat(error("LOAD FIXED FROM x.txt (a from 0 to 10) INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:33: 'from N to M' is not pgloader syntax: write 'a from 0 for LENGTH' (a length, not an end)");
        assertThat(error("LOAD CSV FROM x.csv (a [null if spaces]) INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:33: expected the NULL text of field 'a' in quotes, found 'spaces'");
        assertThat(error("LOAD CSV FROM x.csv (a [trim both blanks]) INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:35: expected WHITESPACE after TRIM BOTH in field 'a', found 'blanks'");
        assertThat(error("LOAD CSV FROM x.csv (a [dat format 'x']) INTO postgresql:///db?t;")).startsWith(
                "t.load:1:25: expected a field option (null if blanks, null if 'text', trim both|left|right whitespace, date format 'fmt', "
                        + "terminated by 'c') for field 'a', found 'dat'");
        assertThat(error("LOAD COPY FROM x.copy (a [null if blanks]) INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:26: fields of LOAD COPY take no options (the data is already COPY text)");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (a inet);")).isEqualTo(
                "t.load:1:52: expected USING after the type 'inet' of column 'a' (pgloader takes a type only with an expression), found ')'");
        assertThat(error("LOAD CSV FROM x.csv (a, b INTO postgresql:///db?t;")).isEqualTo(
                "t.load:1:27: expected ')' to close the field list of LOAD CSV, found 'INTO'");
    }
}
