# Guest job: two hosts in network namespaces xa and xb joined by a veth pair, each end delaying
# by DELAY_MS and losing LOSS_PCT percent (tc netem); an echo server in xa, clients in xb that
# trade data; then `xtcp dump` and `ss` of each namespace.
set -u
. /job/job.env
. "$XTCP_RESOURCES/microvm/guest/common.sh"

modprobe -a tcp_diag inet_diag veth sch_netem || exit 1
ip link set lo up
for ns in xa xb; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip link add va netns xa type veth peer name vb netns xb
ip -n xa addr add 10.200.0.1/24 dev va
ip -n xb addr add 10.200.0.2/24 dev vb
ip -n xa link set va up
ip -n xb link set vb up
tc -n xa qdisc add dev va root netem delay "${DELAY_MS}ms" loss "${LOSS_PCT}%" || exit 1
tc -n xb qdisc add dev vb root netem delay "${DELAY_MS}ms" loss "${LOSS_PCT}%" || exit 1
tc -n xa qdisc show dev va >/job/qdisc.txt
tc -n xb qdisc show dev vb >>/job/qdisc.txt

ip netns exec xa python3 "$XTCP_RESOURCES/netem_peer.py" serve 10.200.0.1 "$PORT" &
server=$!
sleep 1
start=$(date +%s%N)
ip netns exec xb python3 "$XTCP_RESOURCES/netem_peer.py" talk 10.200.0.1 "$PORT" "$CONNECTIONS" "$ROUNDS" "$SIZE" /tmp/ready &
client=$!
wait_for /tmp/ready 120 || exit 1
echo "traffic took $((($(date +%s%N) - start) / 1000000)) ms"

for ns in xa xb; do
  ip netns exec "$ns" ss -tanHi >"/job/ss-$ns.txt"
  xtcp "/job/dump-$ns.csv" "/job/dump-$ns.err" dump --netns "$ns" --format csv --columns "$DUMP_COLUMNS"
  echo $? >"/job/dump-$ns.rc"
done

kill "$client" "$server"
exit 0
