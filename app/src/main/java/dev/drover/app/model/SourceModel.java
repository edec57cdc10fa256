package dev.drover.app.model;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.sample.ShopSample;
import dev.drover.engine.source.csv.CsvGuess;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.CsvReader;
import dev.drover.engine.source.csv.CsvSniffer;
import dev.drover.engine.source.csv.Encodings;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.source.db.DatabaseSource;
import dev.drover.engine.source.db.DatabaseSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The Source page's state: the kind of source, its connection form or file, the CSV reading settings and their
 * preview, and validation of all of it. Plain Java, used on the UI thread; the slow parts (testing a connection,
 * writing the sample) are handed out as {@link Callable}s that capture the values at the time of the call, so the
 * view runs them in the background.
 *
 * <p>What the page produces: {@link #sourceUrl()} (no password in it), {@link #passwordEnv()}, and for files
 * {@link #csvSource()}.
 */
public final class SourceModel {
    /** Records shown in the CSV preview. */
    public static final int PREVIEW_ROWS = 20;
    /** Where the sample shop database is written, under Drover's home folder. */
    public static final String SAMPLE_PATH = "sample/shop.db";

    private final Path home;
    private final Map<SourceKind, ConnectionForm> forms = new EnumMap<>(SourceKind.class);
    private final List<Runnable> listeners = new ArrayList<>();
    private SourceKind kind;
    private Path sqliteFile;
    private Path csvFile;
    private String csvEncoding = "UTF-8";
    private String csvDelimiter = ",";
    private String csvQuote = "\"";
    private boolean csvHeader = true;
    private boolean csvFixed;
    private String csvFixedLayout = "";
    private List<String> csvNotes = List.of();
    /**
     * The source a saved plan or an imported command file gave, with the page's settings as they were then: while the
     * user changes none of them it is the source, whole (COPY text, skipped lines, NULL markers and the other
     * settings the page does not show stay as they were).
     */
    private CsvSource loaded;
    private List<Object> loadedSettings;

    /**
     * @param home Drover's folder ({@code ~/.drover}): the sample is written there
     * @param env  the environment passwords are read from
     */
    public SourceModel(Path home, Map<String, String> env) {
        this.home = home;
        for (SourceKind k : SourceKind.values()) {
            if (k.isServer()) forms.put(k, new ConnectionForm(k, env));
        }
    }

    /** Called after any change made through this model's setters. */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    private void changed() {
        for (Runnable r : List.copyOf(listeners)) r.run();
    }

    public Optional<SourceKind> kind() {
        return Optional.ofNullable(kind);
    }

    public void setKind(SourceKind k) {
        kind = k;
        changed();
    }

    /** The connection form of a server kind (each kind keeps its own values when the user switches). */
    public ConnectionForm form(SourceKind k) {
        ConnectionForm f = forms.get(k);
        if (f == null) throw new IllegalArgumentException(k + " has no connection form");
        return f;
    }

    public Optional<Path> sqliteFile() {
        return Optional.ofNullable(sqliteFile);
    }

    public void setSqliteFile(Path p) {
        sqliteFile = p == null ? null : p.toAbsolutePath().normalize();
        changed();
    }

    /** The sample's path: {@code <home>/sample/shop.db}. */
    public Path samplePath() {
        return home.resolve(SAMPLE_PATH);
    }

    /**
     * Writes the sample shop database the first time and reuses it after (about 100,000 rows, a few seconds). The
     * caller then sets it with {@link #setSqliteFile}.
     */
    public Callable<Path> sampleWriter() {
        Path file = samplePath();
        return () -> {
            if (Files.isRegularFile(file) && Files.size(file) > 0) return file;
            return ShopSample.generate(file, ShopSample.DEFAULT_SCALE, ShopSample.DEFAULT_SEED);
        };
    }

    // ---- CSV ----

    public Optional<Path> csvFile() {
        return Optional.ofNullable(csvFile);
    }

    public String csvEncoding() { return csvEncoding; }
    public String csvDelimiter() { return csvDelimiter; }
    public String csvQuote() { return csvQuote; }
    public boolean csvHeader() { return csvHeader; }

    /** Chooses a CSV file and takes the sniffer's guesses for encoding, delimiter, quote and header. */
    public void chooseCsvFile(Path file) {
        csvFile = file.toAbsolutePath().normalize();
        CsvGuess g;
        try {
            g = CsvSniffer.guess(csvFile);
        } catch (UncheckedIOException e) {
            csvNotes = List.of("Cannot read " + csvFile + ": " + e.getCause().getMessage());
            changed();
            return;
        }
        csvEncoding = g.encoding();
        csvDelimiter = charSpec(g.delimiter());
        csvQuote = g.quote() == null ? "none" : String.valueOf(g.quote());
        csvHeader = g.header();
        csvNotes = g.notes();
        changed();
    }

    public void setCsvEncoding(String v) { csvEncoding = v == null ? "" : v.strip(); changed(); }
    public void setCsvDelimiter(String v) { csvDelimiter = v == null ? "" : v; changed(); }
    public void setCsvQuote(String v) { csvQuote = v == null ? "" : v.strip(); changed(); }
    public void setCsvHeader(boolean v) { csvHeader = v; changed(); }

    /** Fixed-width records instead of delimited ones, cut by {@link #csvFixedLayout()}. */
    public boolean csvFixed() { return csvFixed; }
    /** The fixed-width layout in {@code drover load --fixed} syntax: {@code id:0:5, name:5:20[trim right whitespace]}. */
    public String csvFixedLayout() { return csvFixedLayout; }
    public void setCsvFixed(boolean v) { csvFixed = v; changed(); }
    public void setCsvFixedLayout(String v) { csvFixedLayout = v == null ? "" : v.strip(); changed(); }

    private List<dev.drover.engine.plan.FixedField> fixedFields() {
        return dev.drover.engine.plan.FixedLayout.parse(csvFixedLayout);
    }

    /** What the sniffer said about the chosen file. */
    public List<String> csvNotes() {
        return csvNotes;
    }

    /** The CSV source as the settings stand, for the plan; empty while a setting is invalid or no file is chosen. */
    public Optional<CsvSource> csvSource() {
        if (csvFile == null || problem(Field.CSV_ENCODING).isPresent() || problem(Field.CSV_DELIMITER).isPresent()
                || problem(Field.CSV_QUOTE).isPresent() || problem(Field.CSV_FIXED).isPresent()) {
            return Optional.empty();
        }
        if (loaded != null && settings().equals(loadedSettings)) return Optional.of(loaded);
        if (csvFixed) {
            // fixed-width: the fields name the columns; a header line is skipped, not read
            CsvSource d = CsvSource.defaults(List.of(csvFile.toString()));
            return Optional.of(new CsvSource(d.files(), Encodings.forName(csvEncoding).name(), d.delimiter(), d.quote(), d.escape(),
                    false, csvHeader ? 1 : 0, List.of(), false, CsvSource.FieldCountPolicy.REJECT, CsvSource.FieldCountPolicy.REJECT)
                    .withFixed(fixedFields()));
        }
        char d = CsvReader.parseCharSpec(csvDelimiter);
        Character q = quoteChar();
        return Optional.of(new CsvSource(List.of(csvFile.toString()), Encodings.forName(csvEncoding).name(), d, q, q,
                csvHeader, 0, List.of(""), true, CsvSource.FieldCountPolicy.REJECT, CsvSource.FieldCountPolicy.REJECT));
    }

    /** Reads the first {@value #PREVIEW_ROWS} records with the current settings (a small read of the file's start). */
    public CsvPreview csvPreview() {
        Optional<CsvSource> src = csvSource();
        if (src.isEmpty()) return new CsvPreview(List.of(), List.of(), csvNotes);
        List<String> notes = new ArrayList<>(csvNotes);
        List<List<String>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (dev.drover.engine.source.csv.TextRecordReader r = dev.drover.engine.run.TextFiles.open(src.get(), SourceFile.of(csvFile))) {
            if (r.headerProblem() != null) notes.add("header: " + describe(r.headerProblem()));
            columns.addAll(r.header());
            while (rows.size() < PREVIEW_ROWS && r.next()) {
                if (r.problem() != null) {
                    notes.add("line " + r.line() + ": " + describe(r.problem()));
                    continue;
                }
                List<String> row = new ArrayList<>(r.size());
                for (int i = 0; i < r.size(); i++) row.add(r.get(i));
                rows.add(Collections.unmodifiableList(row));
            }
        } catch (IOException | RuntimeException e) {
            notes.add("Cannot read the file with these settings: " + e.getMessage());
        }
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        for (int i = columns.size(); i < width; i++) columns.add("column " + (i + 1));
        return new CsvPreview(columns, rows, notes);
    }

    private static String describe(CsvProblem p) {
        return p.message() + (p.hint() == null || p.hint().isEmpty() ? "" : " (" + p.hint() + ")");
    }

    private Character quoteChar() {
        String q = csvQuote.toLowerCase(Locale.ROOT);
        return q.isEmpty() || q.equals("none") ? null : CsvReader.parseCharSpec(csvQuote);
    }

    private static String charSpec(char c) {
        return switch (c) {
            case '\t' -> "tab";
            case ' ' -> "space";
            default -> String.valueOf(c);
        };
    }

    // ---- validation ----

    /** What is wrong with {@code field} for the chosen kind, or empty. */
    public Optional<Problem> problem(Field field) {
        if (field == Field.KIND) {
            return kind == null ? Optional.of(Problem.error(Field.KIND, "Choose what to migrate from.")) : Optional.empty();
        }
        if (kind == null) return Optional.empty();
        if (kind.isServer()) return form(kind).problem(field);
        switch (field) {
            case SQLITE_FILE -> {
                if (kind != SourceKind.SQLITE) return Optional.empty();
                if (sqliteFile == null) {
                    return error(field, "Choose a SQLite database file, or use the sample shop database.");
                }
                if (!Files.isRegularFile(sqliteFile)) return error(field, "There is no file " + sqliteFile + ".");
                return Optional.empty();
            }
            case CSV_FILE -> {
                if (kind != SourceKind.FILES) return Optional.empty();
                if (csvFile == null) return error(field, "Choose a CSV file.");
                if (!Files.isRegularFile(csvFile)) return error(field, "There is no file " + csvFile + ".");
                return Optional.empty();
            }
            case CSV_ENCODING -> {
                if (kind != SourceKind.FILES) return Optional.empty();
                try {
                    Encodings.forName(csvEncoding);
                    return Optional.empty();
                } catch (IllegalArgumentException e) {
                    return error(field, capitalize(e.getMessage()) + ".");
                }
            }
            case CSV_DELIMITER -> {
                if (kind != SourceKind.FILES) return Optional.empty();
                try {
                    CsvReader.parseCharSpec(csvDelimiter);
                    return Optional.empty();
                } catch (IllegalArgumentException e) {
                    return error(field, "The delimiter is one character: , ; | or tab.");
                }
            }
            case CSV_FIXED -> {
                if (kind != SourceKind.FILES || !csvFixed) return Optional.empty();
                if (csvFixedLayout.isEmpty()) {
                    return error(field, "Write the fields as NAME:FROM:FOR, e.g. id:0:5, name:5:20 (FROM counts characters from 0).");
                }
                try {
                    fixedFields();
                } catch (IllegalArgumentException e) {
                    return error(field, capitalize(e.getMessage().replaceFirst("^--fixed: ", "")));
                }
                return Optional.empty();
            }
            case CSV_QUOTE -> {
                if (kind != SourceKind.FILES) return Optional.empty();
                try {
                    Character q = quoteChar();
                    if (q != null && problem(Field.CSV_DELIMITER).isEmpty() && q == CsvReader.parseCharSpec(csvDelimiter)) {
                        return error(field, "The quote and the delimiter must differ.");
                    }
                    return Optional.empty();
                } catch (IllegalArgumentException e) {
                    return error(field, "The quote is one character (\" or '), or none.");
                }
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Every problem of the page, in the order of its fields. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        problem(Field.KIND).ifPresent(out::add);
        if (kind == null) return out;
        if (kind.isServer()) return form(kind).problems();
        for (Field f : List.of(Field.SQLITE_FILE, Field.CSV_FILE, Field.CSV_ENCODING, Field.CSV_DELIMITER, Field.CSV_QUOTE, Field.CSV_FIXED)) {
            problem(f).ifPresent(out::add);
        }
        return out;
    }

    /** The first problem that stops Next, if any. */
    public Optional<Problem> firstBlocking() {
        return problems().stream().filter(Problem::blocking).findFirst();
    }

    // ---- what the page produces ----

    /**
     * The source URL for the plan, never with a password: {@code sqlite:///path/shop.db}, {@code mysql://...},
     * {@code sqlserver://...}, {@code postgresql://...}; empty for CSV files (see {@link #csvSource()}) or before a
     * kind is chosen.
     */
    public Optional<String> sourceUrl() {
        if (kind == null || kind == SourceKind.FILES) return Optional.empty();
        if (kind == SourceKind.SQLITE) return sqliteFile == null ? Optional.empty() : Optional.of("sqlite://" + sqliteFile);
        return Optional.of(form(kind).url(false));
    }

    /**
     * The source URL to connect with now: {@link #sourceUrl()} with the password (typed or from the environment) in it,
     * for opening the source while the wizard runs; never for a plan.
     */
    public Optional<String> connectLocator() {
        if (kind == null || kind == SourceKind.FILES) return Optional.empty();
        if (kind == SourceKind.SQLITE) return sourceUrl();
        return Optional.of(form(kind).url(true));
    }

    /** The environment variable holding the source's password, when the user chose one; else empty. */
    public Optional<String> passwordEnv() {
        if (kind == null || !kind.isServer()) return Optional.empty();
        return Optional.ofNullable(form(kind).passwordEnvForPlan());
    }

    /** The password typed for the source (memory only), for the run; empty when none or taken from the environment. */
    public Optional<String> typedPassword() {
        if (kind == null || !kind.isServer()) return Optional.empty();
        ConnectionForm f = form(kind);
        return f.passwordSource() == PasswordSource.TYPED ? Optional.ofNullable(f.password()) : Optional.empty();
    }

    /**
     * "Test connection" for the current values: opens the source through the engine, reads its catalog and closes it.
     * Never throws: a failure is a {@link ConnectionCheck} whose message says what to do.
     */
    public Callable<ConnectionCheck> connectionTest() {
        if (kind == null || kind == SourceKind.FILES) {
            return () -> new ConnectionCheck(false, "Choose a database source first.", "");
        }
        String locator;
        ConnectionCheck.Endpoint to;
        if (kind == SourceKind.SQLITE) {
            if (sqliteFile == null) return () -> new ConnectionCheck(false, "Choose a SQLite database file first.", "");
            locator = "sqlite://" + sqliteFile;
            to = new ConnectionCheck.Endpoint("SQLite", sqliteFile.toString(), 0, sqliteFile.getFileName().toString(), null, false);
        } else {
            ConnectionForm f = form(kind);
            locator = f.url(true);
            String product = kind == SourceKind.MYSQL ? "MySQL" : kind == SourceKind.MSSQL ? "SQL Server" : "PostgreSQL";
            to = new ConnectionCheck.Endpoint(product, f.hostOnly(), f.instance() != null && f.port().isEmpty() ? 0 : f.portNumber(),
                    f.database(), f.user(), f.password() != null);
        }
        return () -> test(locator, to);
    }

    static ConnectionCheck test(String locator, ConnectionCheck.Endpoint to) {
        try (DatabaseSource source = DatabaseSources.open(locator)) {
            SourceCatalog c = source.catalog();
            long rows = c.tables().stream().mapToLong(SourceTable::rowEstimate).filter(n -> n > 0).sum();
            String where = "SQLite".equals(to.product()) ? "Opened " + to.database() : "Connected to " + to.product()
                    + " at " + to.address() + ", database " + to.database();
            return ConnectionCheck.success(where + ": " + count(c.tables().size(), "table") + ", "
                    + count(c.views().size(), "view") + (rows > 0 ? String.format(Locale.ROOT, ", about %,d rows", rows) : "")
                    + ".");
        } catch (Exception | LinkageError e) {
            return ConnectionCheck.failure(e, to);
        }
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Fills the page from a saved plan's source URL. */
    public void load(String url) {
        ParsedUrl u = ParsedUrl.parse(url);
        kind = u.kind();
        if (u.kind() == SourceKind.SQLITE) sqliteFile = u.file();
        else form(u.kind()).load(u);
        changed();
    }

    /** Fills the page from a saved plan's CSV source: the first file and its reading settings. */
    public void load(CsvSource csv) {
        kind = SourceKind.FILES;
        if (!csv.files().isEmpty() && !csv.files().get(0).equals("-")) csvFile = Path.of(csv.files().get(0)).toAbsolutePath();
        csvEncoding = csv.encoding();
        csvDelimiter = charSpec(csv.delimiter());
        csvQuote = csv.quote() == null ? "none" : String.valueOf(csv.quote());
        csvHeader = csv.header();
        csvFixed = csv.isFixed();
        if (csvFixed) {
            csvFixedLayout = dev.drover.engine.plan.FixedLayout.format(csv.fixed());
            csvHeader = csv.skipLines() > 0;
        }
        loaded = csv;
        loadedSettings = settings();
        changed();
    }

    /** What the page shows of a file source: when it differs from what was loaded, the user's settings make the source. */
    private List<Object> settings() {
        return java.util.Arrays.asList(csvFile, csvEncoding, csvDelimiter, csvQuote, csvHeader, csvFixed, csvFixedLayout);
    }

    private static Optional<Problem> error(Field f, String message) {
        return Optional.of(Problem.error(f, message));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
