package dev.drover.app.page;

import dev.drover.app.model.ConnectionForm;
import dev.drover.app.model.Field;
import dev.drover.app.model.PasswordSource;
import dev.drover.app.model.Problem;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ComboBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;

/**
 * The connection form of a server (source or target): host and port, database and user, the password typed or named
 * by an environment variable, and the TLS mode. Node ids are {@code PREFIX-host}, {@code PREFIX-port},
 * {@code PREFIX-database}, {@code PREFIX-user}, {@code PREFIX-password-typed}, {@code PREFIX-password-env},
 * {@code PREFIX-password}, {@code PREFIX-password-env-name}, {@code PREFIX-sslmode}.
 */
final class ConnectionFormView extends GridPane {
    private final ConnectionForm form;
    private final Map<Field, FieldRow> rows = new EnumMap<>(Field.class);
    private final TextField host = new TextField();
    private final TextField port = new TextField();
    private final TextField database = new TextField();
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final TextField passwordEnv = new TextField();
    private final RadioButton typed = new RadioButton("Type it (kept in memory, never saved)");
    private final RadioButton fromEnv = new RadioButton("From an environment variable");
    private final ComboBox<String> tls = new ComboBox<>();

    ConnectionFormView(String prefix, ConnectionForm form, Runnable onChange) {
        this.form = form;
        getStyleClass().add("connection-form");
        setHgap(16);
        setVgap(10);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        wide.setPercentWidth(70);
        ColumnConstraints narrow = new ColumnConstraints();
        narrow.setPercentWidth(30);
        getColumnConstraints().addAll(wide, narrow);

        port.setPromptText(Integer.toString(form.kind().defaultPort()));
        host.setPromptText(form.kind().name().equals("MSSQL") ? "db.example.com or host\\instance" : "db.example.com");
        database.setPromptText("database name");
        user.setPromptText("user name");
        passwordEnv.setPromptText("e.g. DROVER_PASSWORD");

        FieldRow hostRow = row(Field.HOST, "_Host", host, prefix + "-host").commits(host, form::setHost);
        FieldRow portRow = row(Field.PORT, "_Port", port, prefix + "-port").commits(port, form::setPort);
        FieldRow dbRow = row(Field.DATABASE, "_Database", database, prefix + "-database").commits(database, form::setDatabase);
        FieldRow userRow = row(Field.USER, "_User", user, prefix + "-user").commits(user, form::setUser);

        ToggleGroup source = new ToggleGroup();
        typed.setToggleGroup(source);
        fromEnv.setToggleGroup(source);
        typed.setId(prefix + "-password-typed");
        fromEnv.setId(prefix + "-password-env");
        HBox choice = new HBox(16, typed, fromEnv);
        password.setId(prefix + "-password");
        password.textProperty().addListener((o, was, now) -> {
            form.setPassword(now);
            onChange.run();
        });
        StackPane secret = new StackPane(password, passwordEnv);
        VBox2 passwordBox = new VBox2(choice, secret);
        FieldRow pwRow = new FieldRow("Pass_word", passwordEnv, passwordBox, prefix + "-password-env-name")
                .checkedBy(() -> form.problem(Field.PASSWORD_ENV)).commits(passwordEnv, form::setPasswordEnv);
        rows.put(Field.PASSWORD_ENV, pwRow);
        source.selectedToggleProperty().addListener((o, was, now) -> {
            boolean env = now == fromEnv;
            form.setPasswordSource(env ? PasswordSource.ENV : PasswordSource.TYPED);
            password.setVisible(!env);
            passwordEnv.setVisible(env);
            if (!env) pwRow.hide();
            onChange.run();
        });

        tls.getItems().setAll(form.kind().tlsModes());
        tls.setMaxWidth(Double.MAX_VALUE);
        tls.valueProperty().addListener((o, was, now) -> {
            form.setTlsMode(now);
            onChange.run();
        });
        FieldRow tlsRow = row(Field.SSLMODE, form.kind().name().equals("MSSQL") ? "_Encryption" : "_TLS (sslmode)", tls,
                prefix + "-sslmode");

        for (TextField t : List.of(host, port, database, user, passwordEnv)) {
            t.textProperty().addListener((o, was, now) -> onChange.run());
        }

        add(hostRow, 0, 0);
        add(portRow, 1, 0);
        add(dbRow, 0, 1);
        add(userRow, 1, 1);
        add(pwRow, 0, 2);
        add(tlsRow, 1, 2);
        refresh();
    }

    private FieldRow row(Field f, String label, javafx.scene.control.Control c, String id) {
        FieldRow r = new FieldRow(label, c, id).checkedBy(() -> form.problem(f));
        rows.put(f, r);
        return r;
    }

    /** Shows the form's values (after a plan was opened). */
    void refresh() {
        host.setText(form.host());
        port.setText(form.port());
        database.setText(form.database());
        user.setText(form.user());
        password.setText(form.typedPassword());
        passwordEnv.setText(form.passwordEnv());
        (form.passwordSource() == PasswordSource.ENV ? fromEnv : typed).setSelected(true);
        password.setVisible(form.passwordSource() != PasswordSource.ENV);
        passwordEnv.setVisible(form.passwordSource() == PasswordSource.ENV);
        tls.setValue(form.tlsMode());
    }

    /** Shows each problem under its field and clears the others. */
    void show(List<Problem> problems) {
        rows.forEach((f, r) -> r.show(problems.stream().filter(p -> p.field() == f).findFirst()));
    }

    /** Focuses the field, if this form has it. */
    boolean focus(Field f) {
        FieldRow r = rows.get(f);
        if (r == null) return false;
        r.input().requestFocus();
        return true;
    }

    Optional<FieldRow> row(Field f) {
        return Optional.ofNullable(rows.get(f));
    }

    /** A VBox with the spacing the form uses. */
    private static final class VBox2 extends javafx.scene.layout.VBox {
        VBox2(javafx.scene.Node... children) {
            super(6, children);
        }
    }
}
