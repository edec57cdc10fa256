package dev.drover.app.page;

import dev.drover.app.model.Problem;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.VBox;

/**
 * A labelled field with its message underneath: the message appears when the field loses focus with a problem (or
 * when Next finds one), and follows the typing from then on until the problem is gone.
 */
final class FieldRow extends VBox {
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

    private final Control input;
    private final Label message = new Label();
    private Supplier<Optional<Problem>> check = Optional::empty;

    /**
     * @param text   the label
     * @param input  the control that takes focus and is marked invalid
     * @param layout what is shown (the input, or a box holding it and its buttons)
     * @param id     the input's node id; the message gets {@code id-message}
     */
    FieldRow(String text, Control input, Node layout, String id) {
        this.input = input;
        input.setId(id);
        Label label = new Label(text);
        label.getStyleClass().add("field-label");
        label.setLabelFor(input);
        label.setMnemonicParsing(true);
        message.setId(id + "-message");
        message.getStyleClass().add("field-message");
        message.setWrapText(true);
        message.setFocusTraversable(false);
        hide();
        getStyleClass().add("field-row");
        setSpacing(4);
        getChildren().addAll(label, layout, message);
        input.focusedProperty().addListener((o, was, now) -> {
            if (!now) validate();
        });
    }

    FieldRow(String text, Control input, String id) {
        this(text, input, input, id);
    }

    Control input() {
        return input;
    }

    /** What the field is checked with, on blur and on Next. */
    FieldRow checkedBy(Supplier<Optional<Problem>> check) {
        this.check = check;
        return this;
    }

    /** Copies the text into the model as it is typed; once a message shows, it follows the typing. */
    FieldRow commits(TextInputControl text, Consumer<String> setter) {
        text.textProperty().addListener((o, was, now) -> {
            setter.accept(now);
            if (showing()) validate();
        });
        return this;
    }

    /** Checks the field now and shows or clears its message. */
    void validate() {
        show(check.get());
    }

    void show(Optional<Problem> p) {
        if (p.isEmpty()) {
            hide();
            return;
        }
        message.setText((p.get().blocking() ? "✖ " : "⚠ ") + p.get().message());
        message.pseudoClassStateChanged(DANGER, p.get().blocking());
        message.pseudoClassStateChanged(WARNING, !p.get().blocking());
        input.pseudoClassStateChanged(DANGER, p.get().blocking());
        message.setVisible(true);
        message.setManaged(true);
    }

    void hide() {
        message.setText("");
        message.setVisible(false);
        message.setManaged(false);
        input.pseudoClassStateChanged(DANGER, false);
    }

    boolean showing() {
        return message.isVisible();
    }

    String messageText() {
        return message.getText();
    }
}
