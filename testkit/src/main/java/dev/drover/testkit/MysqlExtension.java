package dev.drover.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(MysqlExtension.class)}: a fresh database for the test class on the JVM's one MySQL test
 * server ({@link TestMysql}). Test methods and constructors may take a {@link MysqlDatabase} parameter. The
 * database is dropped after the class unless {@code DROVER_TEST_KEEP_DB} is set.
 */
public final class MysqlExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MysqlExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        MysqlDatabase db = context.getStore(NS).remove("db", MysqlDatabase.class);
        if (db != null && System.getenv("DROVER_TEST_KEEP_DB") == null) {
            db.server().dropDatabase(db.name());
        }
    }

    private static MysqlDatabase database(ExtensionContext context) throws Exception {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NS);
        MysqlDatabase db = store.get("db", MysqlDatabase.class);
        if (db == null) {
            TestMysql server = TestMysql.get();
            db = new MysqlDatabase(server, server.createDatabase(classContext.getRequiredTestClass().getSimpleName()));
            store.put("db", db);
        }
        return db;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        // Connection is left to PostgresExtension, which a test class may use alongside this one.
        return p.getParameter().getType() == MysqlDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        try {
            return database(e);
        } catch (Exception ex) {
            throw new ParameterResolutionException("no MySQL test database: " + ex.getMessage(), ex);
        }
    }
}
