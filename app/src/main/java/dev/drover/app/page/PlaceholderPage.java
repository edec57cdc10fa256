package dev.drover.app.page;

import dev.drover.app.Page;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A step that comes in the next release: its title, what it will do, and nothing that stops Next. */
public final class PlaceholderPage extends Page {
    private final String id;
    private final String title;
    private final String plan;
    private final boolean last;

    public PlaceholderPage(String id, String title, String plan, boolean last) {
        this.id = id;
        this.title = title;
        this.plan = plan;
        this.last = last;
    }

    @Override public String id() { return id; }
    @Override public String title() { return title; }
    @Override public String subtitle() { return "Coming in the next release."; }
    @Override public boolean last() { return last; }

    @Override
    protected Node build() {
        Label coming = new Label("This step is coming in the next release.");
        coming.setId(id + "-placeholder");
        coming.getStyleClass().add("placeholder-title");
        Label what = new Label(plan);
        what.setWrapText(true);
        what.getStyleClass().add("hint");
        Label meanwhile = new Label("Meanwhile, the command line does it all: java -jar engine/target/drover.jar --help");
        meanwhile.setWrapText(true);
        VBox box = new VBox(12, coming, what, meanwhile);
        box.getStyleClass().addAll("page-body", "placeholder");
        return box;
    }

    @Override
    public boolean leave() {
        return true;
    }
}
