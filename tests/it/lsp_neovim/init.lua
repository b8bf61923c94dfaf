-- Minimal Neovim config for the end-to-end test: start `cxlint lsp` for
-- Terraform files. Works with the built-in client of Neovim 0.7 (Debian 12)
-- and newer (vim.lsp.start, 0.8+).
local bin = assert(os.getenv('CXLINT_BIN'), 'CXLINT_BIN')
local root = assert(os.getenv('CXLINT_ROOT'), 'CXLINT_ROOT')
local client_id

local function attach(buf)
  local config = { name = 'cxlint', cmd = { bin, 'lsp' }, root_dir = root }
  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = buf })
  else
    client_id = client_id or vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
end

vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  pattern = { '*.tf', '*.tfvars' },
  callback = function(args) attach(args.buf) end,
})
