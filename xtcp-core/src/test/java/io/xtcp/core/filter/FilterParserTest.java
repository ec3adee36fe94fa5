package io.xtcp.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ss's filter syntax: what each form parses to (printed fully parenthesised), and where bad input stops. */
class FilterParserTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "=>", value = {
        "sport = 22                       =>  sport = 22",
        "sport == :22                     =>  sport = 22",
        "sport eq 22                      =>  sport = 22",
        "sport :22                        =>  sport = 22",
        "sport 0x16                       =>  sport = 22",
        "sport 026                        =>  sport = 22",
        "dport != 80                      =>  not dport = 80",
        "dport neq 80                     =>  not dport = 80",
        "dport ne 80                      =>  not dport = 80",
        "sport < 1024                     =>  sport < 1024",
        "sport lt 1024                    =>  sport < 1024",
        "sport <= 1024                    =>  sport <= 1024",
        "sport le 1024                    =>  sport <= 1024",
        "sport leq 1024                   =>  sport <= 1024",
        "dport > 1024                     =>  dport > 1024",
        "dport gt 1024                    =>  dport > 1024",
        "dport >= 1024                    =>  dport >= 1024",
        "dport ge 1024                    =>  dport >= 1024",
        "dport geq 65535                  =>  dport >= 65535",
        "src 127.0.0.1                    =>  src 127.0.0.1",
        "src = 127.0.0.1                  =>  src 127.0.0.1",
        "src 10.0.0.0/8                   =>  src 10.0.0.0/8",
        "src 10.0.0.0/8:80                =>  src 10.0.0.0/8:80",
        "src 127.0.0.1:80                 =>  src 127.0.0.1:80",
        "dst [::1]                        =>  dst [0:0:0:0:0:0:0:1]",
        "dst [::1]:443                    =>  dst [0:0:0:0:0:0:0:1]:443",
        "dst [fd00::/8]                   =>  dst [fd00:0:0:0:0:0:0:0/8]",
        "dst [fd00::/8]:22                =>  dst [fd00:0:0:0:0:0:0:0/8]:22",
        "dst fd00::/8                     =>  dst [fd00:0:0:0:0:0:0:0/8]",
        "dst fd00::1                      =>  dst [fd00:0:0:0:0:0:0:1]",
        "dst ::ffff:10.1.2.3              =>  dst [0:0:0:0:0:ffff:a01:203]",
        "src *                            =>  src *",
        "src *:22                         =>  src *:22",
        "src :22                          =>  src *:22",
        "src != 10.0.0.1                  =>  not src 10.0.0.1",
        "dev lo                           =>  dev lo",
        "dev = 7                          =>  dev 7",
        "dev != eth0                      =>  not dev eth0",
        "mark = 0x10/0xff                 =>  mark = 0x10/0xff",
        "fwmark 16                        =>  mark = 0x10/0xffffffff",
        "mark != 1/1                      =>  not mark = 0x1/0x1",
        "cgroup /sys/fs/cgroup/a          =>  cgroup /sys/fs/cgroup/a",
        "sport = 22 and dport = 80        =>  (sport = 22 and dport = 80)",
        "sport = 22 & dport = 80          =>  (sport = 22 and dport = 80)",
        "sport = 22 && dport = 80         =>  (sport = 22 and dport = 80)",
        "sport = 22 dport = 80            =>  (sport = 22 and dport = 80)",
        "sport = 22 or dport = 80         =>  (sport = 22 or dport = 80)",
        "sport = 22 | dport = 80          =>  (sport = 22 or dport = 80)",
        "sport = 22 || dport = 80         =>  (sport = 22 or dport = 80)",
        "not sport = 22                   =>  not sport = 22",
        "! sport = 22                     =>  not sport = 22",
        "sport = 1 or sport = 2 and sport = 3  =>  ((sport = 1 or sport = 2) and sport = 3)",
        "sport = 1 and sport = 2 or sport = 3  =>  ((sport = 1 and sport = 2) or sport = 3)",
        "sport = 1 or ( sport = 2 and sport = 3 )  =>  (sport = 1 or (sport = 2 and sport = 3))",
        "(sport = 1 or sport = 2) and not (dport = 3)  =>  ((sport = 1 or sport = 2) and not dport = 3)",
        "not not sport = 1                =>  not not sport = 1",
        "SPORT = 1 AND DPORT = 2          =>  (sport = 1 and dport = 2)",
    })
    void parses(String expression, String printed) {
        assertEquals(printed, FilterParser.parse(expression).toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "=>", value = {
        "''                               =>  1   =>  expected a condition (sport, dport, src, dst, dev, mark, cgroup, not, '(')",
        "sport >                          =>  8   =>  expected a port after 'sport >'",
        "sport = 22 and sport >           =>  23  =>  expected a port after 'sport >'",
        "sport > x                        =>  9   =>  expected a port (0..65535, or :PORT) after 'sport >', got 'x'",
        "sport = 65536                    =>  9   =>  expected a port (0..65535, or :PORT) after 'sport =', got '65536'",
        "dport = ( 22 )                   =>  9   =>  expected a port after 'dport =', got '('",
        "sport = 22 and                   =>  15  =>  expected a condition after 'and'",
        "sport = 22 or                    =>  14  =>  expected a condition after 'or'",
        "not                              =>  4   =>  expected a condition after 'not'",
        "( sport = 22                     =>  13  =>  expected ')' to close the '(' at 1",
        "sport = 22 )                     =>  12  =>  unbalanced ')'",
        "( )                              =>  3   =>  expected a condition after '('",
        "port = 22                        =>  1   =>  expected a condition (sport, dport, src, dst, dev, mark, cgroup, not, '('), got 'port'",
        "sport = 22 foo                   =>  12  =>  expected a condition (sport, dport, src, dst, dev, mark, cgroup, not, '('), got 'foo'",
        "src 300.0.0.1                    =>  5   =>  expected an IPv4 or IPv6 address (IPv6 in brackets with a port: [::1]:80), got '300.0.0.1'",
        "src 10.0.0.0/33                  =>  5   =>  an IPv4 prefix length is at most 32, got 33",
        "src [::1/129]                    =>  5   =>  an IPv6 prefix length is at most 128, got 129",
        "src [::1                         =>  5   =>  expected ']' to close the address",
        "src [::1]/64                     =>  5   =>  expected ':PORT' after ']' (a prefix goes inside the brackets: [fd00::/8])",
        "src 10.0.0.1:99999               =>  5   =>  expected a port number 0..65535, got '99999'",
        "src 10.0.0.1:http                =>  5   =>  expected a port number 0..65535, got 'http'",
        "src example.com                  =>  5   =>  expected an IPv4 or IPv6 address (IPv6 in brackets with a port: [::1]:80), got 'example.com'",
        "src                              =>  4   =>  expected an address (10.0.0.0/8, [::1]:80, *:22) after 'src'",
        "src > 10.0.0.1                   =>  5   =>  expected '=', '!=' or an address after 'src', got '>'",
        "mark = 0x10/0xfffffffff          =>  8   =>  expected a mark VALUE or VALUE/MASK (u32 numbers, 0x hex), got '0x10/0xfffffffff'",
        "mark < 3                         =>  6   =>  expected '=' or '!=' after 'mark', got '<'",
        "dev                              =>  4   =>  expected a device name or index after 'dev'",
        "dev averyveryverylongname        =>  5   =>  expected a device name (at most 15 characters, no '/') or an ifindex, got 'averyveryverylongname'",
        "cgroup                           =>  7   =>  expected a cgroup path after 'cgroup'",
        "autobound                        =>  1   =>  'autobound' is not supported (the kernel's bind lock is not in a dump to check it against)",
    })
    void rejects(String expression, int position, String what) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse(expression));
        assertEquals(position, e.position(), e.getMessage());
        assertEquals("at " + position + ": " + what, e.getMessage());
    }
}
