// This module is old.
//
// Deprecated: use example.com/v2.
// Second line of the message.
//
// Unrelated paragraph.
module example.com/dep
