package dev.drover.engine.cli;

import dev.drover.engine.run.Engine;
import dev.drover.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** {@code drover} as {@code main} builds it, minus the exit, with the test server's password in the environment. */
final class Cli {
    private Cli() {}

    record Result(int code, String out, String err) {}

    static Result drover(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        if (db.server().password() != null) env.put("PGPASSWORD", db.server().password());
        DroverCli cli = new DroverCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false, Engine::run);
        int code = cli.execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
