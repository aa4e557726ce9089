"""What tests and benchmarks share (neither imports the other): driving a running page, running
calls at once, a process's memory."""
