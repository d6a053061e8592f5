package net.ntsbox.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated {@link Registers} constants agree with fpga-rtl/regmap.json, the one source of
 * the register map (expanded here independently of gen_regmap.py: arrays, 64-bit pairs,
 * counters, fields), so a stale Registers.java fails the build.
 */
class RegistersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode regmap() throws IOException {
        Path p = Path.of("../fpga-rtl/regmap.json");
        if (!Files.exists(p)) p = Path.of("fpga-rtl/regmap.json");
        assertTrue(Files.exists(p), "regmap.json not found from " + Path.of("").toAbsolutePath());
        return JSON.readTree(p.toFile());
    }

    private static int num(JsonNode n) {
        if (n.isNumber()) return n.asInt();
        String s = n.asText();
        return s.startsWith("0x") || s.startsWith("0X") ? Integer.parseUnsignedInt(s.substring(2), 16) : Integer.parseInt(s);
    }

    private static int constant(String name) {
        try {
            Field f = Registers.class.getField(name);
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), name);
            return f.getInt(null);
        } catch (NoSuchFieldException e) {
            throw new AssertionError("Registers." + name + " missing (run fpga-rtl/gen_regmap.py)", e);
        } catch (IllegalAccessException e) {
            throw new AssertionError(name, e);
        }
    }

    private record Word(String name, int address) {}

    private static List<Word> words(JsonNode block) {
        int base = num(block.get("base"));
        List<Word> out = new ArrayList<>();
        for (JsonNode r : block.get("registers")) {
            int width = r.has("width") ? num(r.get("width")) : 32;
            int count = r.has("count") ? num(r.get("count")) : 1;
            int stride = r.has("stride") ? num(r.get("stride")) : (width == 64 ? 8 : 4);
            for (int i = 0; i < count; i++) {
                String name = r.get("name").asText() + (count > 1 ? Integer.toString(i) : "");
                int addr = base + num(r.get("offset")) + i * stride;
                if (width == 64) {
                    out.add(new Word(name + "_LO", addr));
                    out.add(new Word(name + "_HI", addr + 4));
                } else {
                    out.add(new Word(name, addr));
                }
            }
        }
        if (block.has("counters")) {
            int off = num(block.get("counters_offset"));
            int i = 0;
            for (JsonNode c : block.get("counters")) {
                out.add(new Word(c.get("name").asText() + "_LO", base + off + 8 * i));
                out.add(new Word(c.get("name").asText() + "_HI", base + off + 8 * i + 4));
                i++;
            }
        }
        return out;
    }

    @Test
    void everyRegisterAddressMatchesTheJson() throws IOException {
        JsonNode map = regmap();
        int blocks = 0;
        Set<Integer> addresses = new HashSet<>();
        for (JsonNode b : map.get("blocks")) {
            String p = b.get("name").asText();
            int base = num(b.get("base"));
            assertEquals(base, constant(p + "_BASE"), p + "_BASE");
            for (Word w : words(b)) {
                assertEquals(w.address(), constant(p + "_" + w.name()), p + "_" + w.name());
                assertTrue(addresses.add(w.address()), "address used twice: " + p + "_" + w.name());
                assertEquals(0, w.address() % 4, "aligned: " + w.name());
                assertTrue(w.address() - base < num(map.get("block_size")), "inside block: " + w.name());
            }
            blocks++;
        }
        assertEquals(blocks, Registers.NUM_BLOCKS);
        assertEquals(num(map.get("block_size")), Registers.BLOCK_SIZE);
    }

    @Test
    void fieldsAndIdentificationMatchTheJson() throws IOException {
        for (JsonNode b : regmap().get("blocks")) {
            String p = b.get("name").asText();
            byte[] id = b.get("id").asText().getBytes(StandardCharsets.US_ASCII);
            assertEquals(4, id.length, p + " id");
            int idWord = ((id[0] & 0xFF) << 24) | ((id[1] & 0xFF) << 16) | ((id[2] & 0xFF) << 8) | (id[3] & 0xFF);
            assertEquals(idWord, constant(p + "_ID"), p + "_ID");
            assertEquals(num(b.get("version")), constant(p + "_VERSION_VALUE"), p + "_VERSION_VALUE");
            for (JsonNode r : b.get("registers")) {
                if (!r.has("fields") || r.has("count") || r.has("width")) continue;
                for (JsonNode f : r.get("fields")) {
                    String n = p + "_" + r.get("name").asText() + "_" + f.get("name").asText();
                    int lsb = num(f.get("lsb"));
                    int width = num(f.get("width"));
                    int mask = (int) ((((1L << width) - 1)) << lsb);
                    assertEquals(lsb, constant(n + "_SHIFT"), n + "_SHIFT");
                    assertEquals(mask, constant(n + "_MASK"), n + "_MASK");
                }
            }
        }
    }

    @Test
    void counterListMatchesTheJson() throws IOException {
        JsonNode cnt = null;
        for (JsonNode b : regmap().get("blocks")) if (b.has("counters")) cnt = b;
        assertNotNull(cnt, "a block with counters");
        List<String> names = new ArrayList<>();
        for (JsonNode c : cnt.get("counters")) names.add(c.get("name").asText());
        assertEquals(names, Registers.CNT_NAMES);
        for (int i = 0; i < names.size(); i++) assertEquals(i, constant("CNT_IDX_" + names.get(i)));
        assertEquals(num(cnt.get("base")) + num(cnt.get("counters_offset")), Registers.CNT_COUNTERS);
        assertTrue(names.containsAll(List.of("RX_FRAMES", "RX_OK", "DROP_BAD_FCS", "NTS_OK", "NTS_UNKNOWN_KEY",
                "NTS_NAK_BAD_COOKIE", "NTS_NAK_BAD_TAG", "NTP_SERVED", "ARP_REPLIES", "ND_REPLIES")));
    }

    @Test
    void keyMaterialIsWriteOnly() throws IOException {
        for (JsonNode b : regmap().get("blocks")) {
            for (JsonNode r : b.get("registers")) {
                String n = r.get("name").asText();
                if (n.equals("STAGE_KEY") || n.equals("NONCE_SEED"))
                    assertEquals("wo", r.get("access").asText(), b.get("name").asText() + "." + n);
            }
        }
    }
}
