// jest's setupFiles: the write-tracking plugin is registered before a test file compiles any model
import '../../src/db/write-tracking';
