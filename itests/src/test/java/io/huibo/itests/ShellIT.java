package io.huibo.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;

/** An operator manages the number pool from the Karaf shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends HuiboTestSupport {

    @Inject
    private BindingService bindings;

    @Test
    public void numbersAreAddedListedAndRemovedButNotWhileBound() throws Exception {
        executeCommand("huibo:number-add +8657188882001 0571 s1");
        executeCommand("huibo:number-add +8657188882002 0571");
        String listed = executeCommand("huibo:numbers");
        assertTrue(listed, listed.contains("+8657188882001") && listed.contains("+8657188882002"));

        bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, PhoneNumber.ofE164(PHONE_A), null, 300, "0571",
                Direction.BOTH, null, PhoneNumber.ofE164("+8657188882001")));
        assertThrows("a bound number is not removed", Exception.class,
                () -> executeCommand("huibo:number-remove +8657188882001"));
        executeCommand("huibo:number-remove +8657188882002");
        listed = executeCommand("huibo:numbers");
        assertTrue(listed.contains("+8657188882001"));
        assertFalse(listed.contains("+8657188882002"));
    }
}
