# Sockets for xtcp to find: a listener in the root namespace and one in namespace "blue".
set -eu
ip link set lo up
ip netns add blue
ip -n blue link set lo up
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",7300)); s.listen(); time.sleep(86400)' &
ip netns exec blue python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",7301)); s.listen(); time.sleep(86400)' &
for i in $(seq 100); do
  ss -Htln 'sport = :7300' | grep -q . && ip netns exec blue ss -Htln 'sport = :7301' | grep -q . && exit 0
  sleep 0.1
done
exit 1
