package io.spoolgate.mailets.webadmin;

/**
 * The JSON body of {@code GET /spoolgate/mapuser/{address}}.
 *
 * @param address     the address asked about
 * @param userid      the VM userid whose reader gets the mail
 * @param format      {@code netdata}, {@code bsmtp} or {@code bsmtp-cards}
 * @param fileType    {@code MAIL} or {@code NOTE}
 * @param strategy    which strategy answered ({@code default-user} when none knew the address)
 * @param unknownUser whether no strategy knew the address
 * @param rejectedAtRcpt whether SMTP would refuse this recipient (unknown user with {@code unknownUsers=reject})
 */
public record MapUserAnswer(String address, String userid, String format, String fileType, String strategy,
                            boolean unknownUser, boolean rejectedAtRcpt) {
}
