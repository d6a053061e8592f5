package net.ntsbox.server;

import java.util.Map;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.server.udp.DatagramHandler;

/**
 * The NTP/NTS datapath behind the appliance's UDP listeners: the software server step, or an
 * FPGA (the Verilated model in lab mode). The appliance hands it the key ring at start and on
 * every rotation and the server header on every clock refresh, asks it for one handler per
 * UDP thread, and reads its counters under the software datapath's metric names.
 */
public interface ServingDatapath extends AutoCloseable {
    /** "software", "fpga-sim", ... (management status, logs). */
    String kind();

    /** Called at start and after every rotation, before the new ring is handed out by NTS-KE. */
    void keyRingChanged(KeyRing ring);

    /** Called at start and after every clock status refresh. */
    void headerChanged(ServerHeader header);

    /** One handler per UDP thread. */
    DatagramHandler newHandler();

    /** Counts by outcome (outcomes the datapath cannot tell apart are absent). */
    Map<StepOutcome, Long> outcomes();

    /** Cookies opened per master-key slot 0..3. */
    long keySlotUses(int slot);

    /** Extra counters under their own names (hardware drop reasons); empty for software. */
    default Map<String, Long> extraCounters() { return Map.of(); }

    @Override
    void close();
}
