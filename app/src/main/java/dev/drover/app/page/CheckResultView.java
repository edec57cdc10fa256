package dev.drover.app.page;

import dev.drover.app.model.ConnectionCheck;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The answer of a connection test or check: a spinner while it runs, then one line (✔ or ✖ and what to do), and the
 * driver's own text under a collapsed "Details". Node ids: {@code PREFIX-result}, {@code PREFIX-details}.
 */
final class CheckResultView extends VBox {
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final ProgressIndicator spinner = new ProgressIndicator();
    private final Label line = new Label();
    private final TextArea detailText = new TextArea();
    private final TitledPane details = new TitledPane("Details", detailText);

    CheckResultView(String prefix) {
        setSpacing(6);
        getStyleClass().add("check-result");
        spinner.setPrefSize(18, 18);
        spinner.setMaxSize(18, 18);
        spinner.setVisible(false);
        spinner.setManaged(false);
        line.setId(prefix + "-result");
        line.setWrapText(true);
        line.getStyleClass().add("check-line");
        detailText.setEditable(false);
        detailText.setWrapText(true);
        detailText.setPrefRowCount(4);
        details.setId(prefix + "-details");
        details.setExpanded(false);
        details.setAnimated(false);
        show(details, false);
        getChildren().addAll(new HBox(8, spinner, line), details);
    }

    void running(String text) {
        show(spinner, true);
        line.setText(text);
        line.pseudoClassStateChanged(OK, false);
        line.pseudoClassStateChanged(FAILED, false);
        show(details, false);
    }

    void clear() {
        show(spinner, false);
        line.setText("");
        show(details, false);
    }

    void show(ConnectionCheck c) {
        show(spinner, false);
        line.setText((c.ok() ? "✔ " : "✖ ") + c.message());
        line.pseudoClassStateChanged(OK, c.ok());
        line.pseudoClassStateChanged(FAILED, !c.ok());
        detailText.setText(c.details());
        details.setExpanded(false);
        show(details, !c.details().isEmpty());
    }

    String text() {
        return line.getText();
    }

    private static void show(javafx.scene.Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }
}
