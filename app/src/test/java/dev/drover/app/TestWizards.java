package dev.drover.app;

import dev.drover.app.model.EmbeddedPostgres;
import dev.drover.testkit.TestDatabase;

/** What the wizard tests share: the tests' PostgreSQL presented as the wizard's embedded one. */
final class TestWizards {
    private TestWizards() {}

    static EmbeddedPostgres embedded(TestDatabase db) {
        return EmbeddedPostgres.existing(new EmbeddedPostgres.Server(db.server().host(), db.server().port(), db.server().user(),
                db.name(), db.server().password()));
    }
}
