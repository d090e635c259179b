"""One search across every module. See registry.py for how a module takes part."""
