/**
 * pgloader command files ({@code .load}) read into an immutable AST, so that Drover can run them unchanged.
 *
 * <p>{@link dev.drover.engine.pgloader.CommandFile#parse} is the entry point. The text is rendered as a Mustache
 * template first (as pgloader does), then parsed on demand by a scanner that reads the token kind the grammar expects
 * next: pgloader's grammar has no single tokenisation (a path, a URI, a regular expression and a Lisp expression
 * overlap). Every AST node keeps the {@link dev.drover.engine.pgloader.Position} of the text the user wrote, before
 * templating, and every problem is a {@link dev.drover.engine.pgloader.CommandFileException} naming file, line and
 * column. {@link dev.drover.engine.pgloader.FileCommands} turns the file commands (LOAD CSV, FIXED, COPY) into Drover
 * plans and {@link dev.drover.engine.pgloader.DatabaseCommands} LOAD DATABASE, with pgloader's defaults, derived flags
 * and path resolution, refusing with a position whatever Drover cannot run the same way;
 * {@link dev.drover.engine.pgloader.Commands} does a whole file.
 */
package dev.drover.engine.pgloader;
