package dev.drover.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** Testcontainers, used only when a Docker engine answers on this machine. */
final class DockerPostgres {
    private DockerPostgres() {}

    static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    static TestPostgres start() {
        PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:17");
        c.start();
        return TestPostgres.of("testcontainers", c.getHost(), c.getMappedPort(5432), c.getUsername(), c.getPassword(),
                c.getDatabaseName(), c::stop);
    }
}
