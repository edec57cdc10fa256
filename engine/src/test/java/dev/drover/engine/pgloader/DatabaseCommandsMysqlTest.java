package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.plan.Plan;
import dev.drover.engine.report.Outcome;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.testkit.MysqlDatabase;
import dev.drover.testkit.MysqlExtension;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The MySQL example of the reference (§7.5), trimmed to what Drover runs, from MariaDB into PostgreSQL. */
@ExtendWith({MysqlExtension.class, PostgresExtension.class})
class DatabaseCommandsMysqlTest {
    @TempDir Path dir;

    @Test
    void tablesLandInASchemaNamedAfterTheDatabaseFilteredAndMovedAsPgloaderDoes(MysqlDatabase my, TestDatabase pg) throws Exception {
        my.execute("CREATE TABLE customers (id int PRIMARY KEY, name varchar(40))",
                "CREATE TABLE Orders (id int PRIMARY KEY, customer_id int, FOREIGN KEY (customer_id) REFERENCES customers (id))",
                "CREATE TABLE tmp_scratch (id int)", "CREATE TABLE audit_log (id int)", "CREATE TABLE audit_log_2 (id int)",
                "CREATE TABLE arch_2019 (id int PRIMARY KEY, flag tinyint(1))",
                "INSERT INTO customers VALUES (1, 'a'), (2, 'b')", "INSERT INTO Orders VALUES (10, 1)",
                "INSERT INTO arch_2019 VALUES (1, 1)");
        String text = """
                LOAD DATABASE
                     FROM %s
                     INTO %s
                WITH include drop, create tables, create indexes, reset sequences,
                     foreign keys, downcase identifiers, uniquify index names,
                     workers = 6, concurrency = 2, multiple readers per thread,
                     rows per range = 50000, batch rows = 20000, prefetch rows = 50000
                 SET PostgreSQL PARAMETERS maintenance_work_mem to '128MB', work_mem to '64MB'
                 SET MySQL PARAMETERS net_read_timeout = '600', net_write_timeout = '600'
                CAST type tinyint when (= precision 1) to smallint drop typemod
                EXCLUDING TABLE NAMES MATCHING ~/^tmp_/, 'audit_log'
                ALTER TABLE NAMES MATCHING ~/^arch_/ SET SCHEMA 'my_archive'
                AFTER LOAD DO
                     $$ analyze; $$;
                """.formatted(my.url(), pg.url());
        LoadDatabase cmd = (LoadDatabase) CommandFile.parse("shop.load", text, Map.of()).commands().get(0);
        DatabaseCommands.Translation t = DatabaseCommands.translateReadingSource("shop.load", cmd, dir);
        String schema = my.name().toLowerCase(Locale.ROOT);
        assertThat(t.plan().database().schema()).isEqualTo(schema);
        // multiple readers, rows per range, the two MySQL timeouts: left out with a warning each
        assertThat(t.warnings()).extracting(w -> w.position().toString()).containsExactly("6:36", "7:6", "9:23", "9:49");
        Plan p = t.plan();
        Plan plan = new Plan(p.version(), p.target(), p.options().withRejectDir(dir.resolve("rej")), p.tables(), p.database());
        RunReport r = Engine.run(plan, t.targetPassword() != null ? t.targetPassword() : pg.server().password(), e -> { }, new Cancellation());

        assertThat(r.outcome()).as(r.failure()).isEqualTo(Outcome.SUCCESS);
        assertThat(pg.rows("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('" + schema
                + "', 'my_archive') ORDER BY 1, 2")).containsExactlyInAnyOrder(List.of(schema, "audit_log_2"), List.of(schema, "customers"),
                List.of(schema, "orders"), List.of("my_archive", "arch_2019"));
        assertThat(pg.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'my_archive.arch_2019'::regclass"
                + " AND attname = 'flag'")).containsExactly(List.of("smallint"));
        assertThat(pg.count(schema + ".orders")).isEqualTo(1);
    }
}
