package dev.drover.app;

import javafx.scene.Node;

/**
 * One step of the wizard. The view is built once and kept, so going Back never loses input. {@link #leave()}
 * validates and commits; on a problem it shows the message under the field, focuses the first invalid field and
 * returns false (Next stays enabled: pressing it is how the user finds out what is missing).
 */
public abstract class Page {
    private Runnable advance = () -> { };
    private java.util.function.Consumer<Boolean> busy = b -> { };
    private Node view;

    /** A stable id ({@code start}, {@code source}, ...), also the screenshot's name. */
    public abstract String id();

    /** The title in the step list and above the page. */
    public abstract String title();

    /** One line under the title saying what the page is for. */
    public String subtitle() {
        return "";
    }

    /** Builds the page's view; called once. */
    protected abstract Node build();

    public final Node view() {
        if (view == null) view = build();
        return view;
    }

    /** The page is shown (again). */
    public void enter() { }

    /** The page stops showing (forward or back): detach what {@link #enter()} attached. */
    public void exit() { }

    /**
     * Validates and commits the page. True when the wizard may go to the next page. A page that must ask a server
     * first returns false, starts the work, and calls {@link #advance()} when it is done and fine.
     */
    public abstract boolean leave();

    /** Whether the wizard ends here (no Next). */
    public boolean last() {
        return false;
    }

    /** The Next button's text on this page (with its mnemonic). */
    public String nextLabel() {
        return "_Next";
    }

    /** While busy (a run going), the wizard keeps the user on this page: Back and the step list are off. */
    protected final void busy(boolean b) {
        busy.accept(b);
    }

    final void onBusy(java.util.function.Consumer<Boolean> c) {
        busy = c;
    }

    /** Goes on to the next page, for a page whose {@link #leave()} finished its work in the background. */
    protected final void advance() {
        advance.run();
    }

    final void onAdvance(Runnable r) {
        advance = r;
    }
}
