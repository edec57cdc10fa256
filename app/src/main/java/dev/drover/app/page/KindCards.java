package dev.drover.app.page;

import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/** A row of selectable cards (title and one line of text); one is chosen at a time, and a chosen one stays chosen. */
final class KindCards<T> extends FlowPane {
    private static final double CARD_HEIGHT = 116;
    private final ToggleGroup group = new ToggleGroup();
    private final double cardWidth;

    KindCards(Consumer<T> onChoose) {
        this(236, onChoose);
    }

    KindCards(double cardWidth, Consumer<T> onChoose) {
        this.cardWidth = cardWidth;
        setHgap(12);
        setVgap(12);
        getStyleClass().add("kind-cards");
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                if (was != null) group.selectToggle(was); // clicking the chosen card again keeps it
                return;
            }
            @SuppressWarnings("unchecked") T value = (T) now.getUserData();
            onChoose.accept(value);
        });
    }

    ToggleButton add(T value, String id, String title, String text) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        t.setWrapText(true);
        t.setMaxWidth(cardWidth - 28);
        Label d = new Label(text);
        d.getStyleClass().add("card-text");
        d.setWrapText(true);
        d.setMaxWidth(cardWidth - 28);
        d.setPrefWidth(cardWidth - 28);
        VBox box = new VBox(4, t, d);
        ToggleButton b = new ToggleButton();
        b.setGraphic(box);
        b.setId(id);
        b.setUserData(value);
        b.setToggleGroup(group);
        b.getStyleClass().add("kind-card");
        // A fixed size: wrapped text inside a flow pane otherwise asks for heights computed without a width.
        b.setPrefSize(cardWidth, CARD_HEIGHT);
        b.setMinSize(cardWidth, CARD_HEIGHT);
        b.setMaxSize(cardWidth, CARD_HEIGHT);
        b.setMnemonicParsing(false);
        b.setAccessibleText(title + ": " + text);
        getChildren().add(b);
        return b;
    }

    /** Shows {@code value} as chosen without calling back. */
    void select(T value) {
        group.getToggles().stream().filter(t -> t.getUserData() == value).findFirst().ifPresent(t -> t.setSelected(true));
    }

    /** The card of {@code value}. */
    ToggleButton card(T value) {
        return (ToggleButton) getChildren().stream().filter(n -> ((ToggleButton) n).getUserData() == value).findFirst()
                .orElseThrow();
    }

    ToggleButton first() {
        return (ToggleButton) getChildren().get(0);
    }
}
