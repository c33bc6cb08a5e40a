// The owner of the test executables' precompiled header (tests/CMakeLists.txt): a target must
// compile one file to build the header that the test_* executables then reuse.
