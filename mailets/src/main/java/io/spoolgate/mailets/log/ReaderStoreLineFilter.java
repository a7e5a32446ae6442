package io.spoolgate.mailets.log;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the INFO line James's {@code ToRepository} mailet writes for every mail it hands to the vmspool repository
 * ({@code Storing mail NAME in MailRepositoryUrl{value=vmspool://readers}}). For those mails the repository's own
 * {@code =>} line in the {@code spoolgate.delivery} log says the same and more (reader, spool id, format, records), so
 * the James line only doubles the log and its cost (a formatted line and a write per mail). {@code ToRepository}'s
 * lines for every other repository ({@code file://mail/error/}, the quarantines, {@code spool-error}, …) stay.
 *
 * <p>A logback turbo filter, installed in {@code logback.xml}:
 * {@code <turboFilter class="io.spoolgate.mailets.log.ReaderStoreLineFilter"/>}. It has no parameters. Turbo filters
 * decide before a line is formatted, so a dropped line costs a few string comparisons. Remove the element to have the
 * James lines back.</p>
 */
public final class ReaderStoreLineFilter extends TurboFilter {

    static final String TO_REPOSITORY = "org.apache.james.transport.mailets.ToRepository";
    private static final String STORING = "Storing mail ";
    private static final String IN_READERS = " in MailRepositoryUrl{value=vmspool:";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && level == Level.INFO && t == null && format.startsWith(STORING)
            && TO_REPOSITORY.equals(logger.getName()) && format.contains(IN_READERS)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
