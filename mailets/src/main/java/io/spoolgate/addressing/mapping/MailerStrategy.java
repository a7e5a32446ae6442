package io.spoolgate.addressing.mapping;

import java.util.Optional;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/** Every recipient goes to one MAILER machine (RSCS/LISTSERV style), always in BSMTP. */
public final class MailerStrategy implements MappingStrategy {

    private final MappedUserid answer;

    public MailerStrategy(VmUserid mailer) {
        this.answer = new MappedUserid(mailer, Optional.of(DeliveryFormat.BSMTP), Optional.empty());
    }

    @Override
    public String name() {
        return "mailer";
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        return Optional.of(answer);
    }
}
