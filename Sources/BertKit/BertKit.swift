// BertKit: a BERT encoder with HuggingFace parity, for bertscope.
//
// Loading/   config.json, safetensors (mmap), finding a model folder, errors
// Tokenizer/ BertTokenizer (BasicTokenizer + WordPiece), tokens and spans
// Model/     weights, the forward pass, the immutable `Encoding` it returns
// Analysis/  vector statistics the UI and `inspect` share
