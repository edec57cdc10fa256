package dev.drover.engine.ingest.swap;

import dev.drover.engine.target.TableRef;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link TableSwap} did.
 *
 * @param table        the live table, fully qualified, now the former shadow
 * @param views        dependent views and materialized views recreated, in creation order
 * @param triggers     triggers recreated on the new table (and on recreated views)
 * @param grants       GRANT statements applied (table, columns, views)
 * @param policies     row-level security policies recreated
 * @param foreignKeys  incoming foreign keys re-pointed at the new table ({@code child.constraint})
 * @param renamed      indexes and sequences of the shadow renamed to the names the live table used
 * @param carried      what the shadow's DDL lacked and the swap re-created from the live table, in words:
 *                     column defaults, serial sequences re-owned, identity columns with their next value,
 *                     CHECK constraints and outgoing foreign keys
 * @param lost         what the live table had and the new one has not, in words, with the reason (a default or
 *                     identity that does not fit the new column, a constraint that does not apply or that existing
 *                     rows break (kept NOT VALID), generated columns, unique, exclusion and primary-key constraints,
 *                     storage parameters, replica identity, publications, comments and privileges of columns the
 *                     shadow lacks); empty when nothing was lost
 * @param lockWait     time spent in attempts that timed out plus backoff, zero when the first attempt went through
 * @param retries      attempts that ran into the lock timeout
 * @param terminated   sessions ended because {@link SwapOptions#terminateBlockersAfter()} allowed it
 */
public record SwapResult(TableRef table, List<String> views, List<String> triggers, List<String> grants,
                         List<String> policies, List<String> foreignKeys, List<String> renamed, List<String> carried,
                         List<String> lost,
                         Duration lockWait, int retries, List<TableSwap.Blocker> terminated) {
}
