# A stand-in for the few parts of nixpkgs' lib that nix/run-options.nix uses, so the options can
# be listed and their types named without nixpkgs (these machines cannot fetch it). mkOption
# returns its arguments; a type is an attribute set with a name (and the type it wraps).
let
  type = name: { inherit name; elem = { name = "-"; }; };
  wrap = name: t: { inherit name; elem = t; };
in
{
  mkOption = args: args;
  types = {
    str = type "str";
    float = type "float";
    bool = type "bool";
    ints = {
      unsigned = type "unsignedInt";
      positive = type "positiveInt";
      between = lo: hi: type "intBetween";
    };
    enum = values: type "enum" // { inherit values; };
    either = a: b: type "either";
    nullOr = wrap "nullOr";
    listOf = wrap "listOf";
    attrsOf = wrap "attrsOf";
  };
}
