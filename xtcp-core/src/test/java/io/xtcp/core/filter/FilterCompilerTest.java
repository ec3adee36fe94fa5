package io.xtcp.core.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compiler output for small expressions against bytecode derived by hand from linux/inet_diag.h
 * (written for the little-endian hosts xtcp runs on, as the golden captures are: op = code, yes, no lo, no hi). Every program also passes the audit.
 */
class FilterCompilerTest {
    static final FilterResolver RESOLVER = new FilterResolver() {
        @Override
        public int interfaceIndex(String name) {
            if (name.equals("eth0")) {
                return 3;
            }
            throw new IllegalArgumentException("dev " + name + ": no such device");
        }

        @Override
        public long cgroupId(String path) {
            return 0x0102030405060708L;
        }
    };

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "=>", value = {
        // S_EQ {yes 8, no 12}, then {0, 0, port 22}
        "sport = 22               =>  0b080c00 00001600",
        "dport = 443              =>  0c080c00 0000bb01",
        "sport >= 1024            =>  02080c00 00000004",
        "sport <= 1024            =>  03080c00 00000004",
        "dport >= 1024            =>  04080c00 00000004",
        "dport <= 1024            =>  05080c00 00000004",
        // >: not <=; the JMP {4, 8}: S_LE true lands on the JMP, which fails; false lands past it
        "sport > 1024             =>  03080c00 00000004 01040800",
        "dport < 100              =>  04080c00 00006400 01040800",
        "dport != 80              =>  0c080c00 00005000 01040800",
        // S_COND {16, 20} hostcond{AF_INET, /32, pad, port -1, 127.0.0.1}
        "src 127.0.0.1            =>  07101400 02200000 ffffffff 7f000001",
        "dst 10.0.0.0/8:80        =>  08101400 02080000 50000000 0a000000",
        "src *:22                 =>  070c1000 00000000 16000000",
        "dst [::1]:80             =>  081c2000 0a800000 50000000 00000000000000000000000000000001",
        "dst [fd00::/8]           =>  081c2000 0a080000 ffffffff fd000000000000000000000000000000",
        "dev eth0                 =>  09080c00 03000000",
        "dev 7                    =>  09080c00 07000000",
        "mark = 0x10/0xff         =>  0a0c1000 10000000 ff000000",
        "cgroup /x                =>  0d0c1000 0807060504030201",
        // or: a, JMP {4, len(b)+4 = 12}, b
        "sport = 22 or sport = 80  =>  0b080c00 00001600 01040c00 0b080c00 00005000",
        // and: a's no 12 becomes 12 + 8 = 20 (fail the whole)
        "sport = 22 and dport = 80  =>  0b081400 00001600 0c080c00 00005000",
        // not inside and: the JMP's failure (8, = its end + 4) moves by the 16-byte hostcond
        "sport != 22 and src 10.0.0.0/8  =>  0b080c00 00001600 01041800 07101400 02080000 ffffffff 0a000000",
        "not ( sport = 1 or sport = 2 )  =>  0b080c00 00000100 01040c00 0b080c00 00000200 01040800",
        // (a or b) and c: a's failure lands on b (no change); b's failure moves by len(c) = 8
        "( sport = 1 or sport = 2 ) and dport = 3  =>  0b080c00 00000100 01040c00 0b081400 00000200 0c080c00 00000300",
    })
    void compiles(String expression, String hex) {
        byte[] code = new FilterCompiler(RESOLVER).compile(FilterParser.parse(expression));
        assertEquals(hex.replace(" ", ""), HexFormat.of().formatHex(code));
        assertNull(BytecodeAudit.problem(code));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "=>", value = {
        "''                          =>  shorter than one op",
        "0b080c                      =>  shorter than one op",
        "0e040800                    =>  unknown op 14 at 0",
        "0b080c00                    =>  s_eq operand past the end at 0",
        "0b040800 00001600           =>  bad 'yes' 4 at 0",
        "0b080a00 00001600           =>  bad 'no' 10 at 0",
        "0b081000 00001600           =>  bad 'no' 16 at 0",
        "0b080c00 00001600 01040600  =>  bad 'no' 6 at 8",
        "0b080400 00001600           =>  bad 'no' 4 at 0",
        "0b080c00 00001600 01040c00  =>  bad 'no' 12 at 8",
        "0b100c00 00001600 01040800  =>  the 'yes' walk runs past the end",
        "070c1000 03000000 ffffffff  =>  hostcond family 3 at 0",
        "07101400 02210000 ffffffff 7f000001  =>  hostcond prefix longer than its address at 0",
        "070c1000 00080000 ffffffff  =>  hostcond prefix longer than its address at 0",
        "07101400 0a800000 ffffffff 7f000001  =>  hostcond address past the end at 0",
        "0a080c00 10000000           =>  mark_cond operand past the end at 0",
        // a 'no' into the middle of an 8-byte port op
        "01040800 0b080c00 00001600  =>  '''no'' 8 at 0 lands inside an op'",
    })
    void auditRejects(String hex, String problem) {
        assertEquals(problem, BytecodeAudit.problem(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "=>", value = {
        "00040000",                        // NOP: its 'no' is not checked
        "01040800",                        // JMP to 4 past the end: matches nothing
        "01040400",                        // JMP to the end: matches everything
        "06040800",                        // AUTO
        "0b080c00 00001600 01040800",
    })
    void auditAccepts(String hex) {
        assertNull(BytecodeAudit.problem(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    @org.junit.jupiter.api.Test
    void unknownDeviceIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketFilter.compile("dev nope0", RESOLVER));
        assertEquals("dev nope0: no such device", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void socketFilterKeepsTextAndProgram() {
        SocketFilter f = SocketFilter.compile("  sport = 22 ", RESOLVER);
        assertEquals("sport = 22", f.text());
        assertArrayEquals(HexFormat.of().parseHex("0b080c0000001600"), f.bytecode());
    }
}
