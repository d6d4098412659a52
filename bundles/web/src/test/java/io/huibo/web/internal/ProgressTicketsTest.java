package io.huibo.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProgressTicketsTest {
    private final ProgressTickets tickets = new ProgressTickets(new ButtonKeys(ButtonTokenServiceTest.bytes(32, 3)));

    @Test
    void aTicketNamesItsCall() {
        assertEquals(Optional.of("c_1234"), tickets.callId(tickets.issue("c_1234")));
    }

    @Test
    void aTicketForAnotherCallOrOfAnotherKeyIsNone() {
        String ticket = tickets.issue("c_1234");
        String mac = ticket.substring(ticket.lastIndexOf('.'));
        assertTrue(tickets.callId("c_1235" + mac).isEmpty());
        assertTrue(new ProgressTickets(new ButtonKeys(ButtonTokenServiceTest.bytes(32, 4))).callId(ticket).isEmpty());
        for (String junk : new String[] {null, "", "c_1234", "c_1234.", ".abc", "c_1234.!!"}) {
            assertTrue(tickets.callId(junk).isEmpty(), junk);
        }
    }
}
