/**
 * Swapping a rebuilt table in with a short lock (issue 6 §4; reference §3.12, §4, §7.1, §7.2).
 *
 * <p>{@link dev.drover.engine.ingest.swap.TableSwap} replaces a live table by a shadow that the caller has already
 * created (with its own columns, defaults, constraints and indexes) and loaded, inside the caller's transaction,
 * under {@code lock_timeout} with retries, and carries over what the table's DDL does not say: owner, privileges,
 * comments, row-level security, triggers, dependent views and incoming foreign keys, and what the shadow's DDL left
 * out for the columns it keeps: defaults, serial sequences, identity, CHECK constraints and outgoing foreign keys.
 * What it cannot carry over it reports in {@link dev.drover.engine.ingest.swap.SwapResult#lost()}.
 *
 * <p>Incoming foreign keys: re-pointed, not refused. Each is dropped before the live table, re-added
 * {@code NOT VALID} after the rename and validated in the same transaction, so a shadow missing a referenced key
 * fails the swap (SQLSTATE 23503, constraint and table named) and the savepoint puts everything back; nothing is
 * ever dropped with CASCADE.
 *
 * <p>{@link dev.drover.engine.ingest.swap.RunnerLock} keeps a second runner off a table.
 *
 * <p>This package depends only on JDBC and {@link dev.drover.engine.target.TableRef}: the ingest API calls it
 * with plain names.
 */
package dev.drover.engine.ingest.swap;
