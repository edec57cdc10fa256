package dev.drover.testkit;

import java.sql.Connection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(PostgresExtension.class)}: a fresh database for the test class on the JVM's
 * one test server. Test methods and constructors may take a {@link TestDatabase} parameter.
 * The database is dropped after the class unless {@code DROVER_TEST_KEEP_DB} is set.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        TestDatabase db = context.getStore(NS).remove("db", TestDatabase.class);
        if (db != null && System.getenv("DROVER_TEST_KEEP_DB") == null) {
            db.server().dropDatabase(db.name());
        }
    }

    private static TestDatabase database(ExtensionContext context) throws Exception {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NS);
        TestDatabase db = store.get("db", TestDatabase.class);
        if (db == null) {
            TestPostgres server = TestPostgres.get();
            String name = server.createDatabase(classContext.getRequiredTestClass().getSimpleName());
            db = new TestDatabase(server, name);
            store.put("db", db);
        }
        return db;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == TestDatabase.class || t == Connection.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        try {
            TestDatabase db = database(e);
            if (p.getParameter().getType() == Connection.class) {
                Connection c = db.connect();
                e.getStore(NS).put(c, (ExtensionContext.Store.CloseableResource) c::close);
                return c;
            }
            return db;
        } catch (Exception ex) {
            throw new ParameterResolutionException("no test database: " + ex.getMessage(), ex);
        }
    }
}
