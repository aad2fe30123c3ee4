"""补学, making up a missed evening: work through its agenda online and pass its quiz. Kept in its own
table (MakeUp) and never counted as attendance."""
