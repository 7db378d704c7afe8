// BertKit: a BERT encoder with HuggingFace parity, for bertscope.
//
// Loading/   config.json, safetensors (mmap), finding a model folder, errors
// Tokenizer/ BertTokenizer (HF tokenizers' pipeline: added tokens, normalizer, pre-tokenizer, WordPiece,
//            template), tokens and offsets
// Model/     weights, the forward pass, the immutable `Encoding` it returns
// Analysis/  vector statistics the UI and `inspect` share
