-- Open main.tf, wait for cxlint's diagnostics, apply the GC001 quick fix
-- through the client, write, and record what happened in CXLINT_OUT.
local dir = assert(os.getenv('CXLINT_ROOT'))
local out = assert(os.getenv('CXLINT_OUT'))
local result = { steps = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function code_of(d)
  if d.code then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code
end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, string.format('%s@%d:%d', code_of(d), d.lnum, d.col))
  end
  table.sort(list)
  return list
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. dir .. '/main.tf')
  local buf = vim.api.nvim_get_current_buf()
  local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) >= 5 end, 50)
  table.insert(result.steps, 'diagnostics:' .. tostring(got))
  result.before = codes(buf)

  local gc001
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'GC001' and d.lnum == 36 then gc001 = d end
  end
  assert(gc001, 'no GC001 on line 37')
  local client = vim.lsp.get_client_by_id(vim.lsp.get_active_clients()[1].id)
  result.encoding = client.offset_encoding
  -- Neovim 0.7 keeps only part of the LSP diagnostic in user_data: send
  -- back what the server needs (its range and code). ASCII line: columns
  -- are the same in bytes and UTF-16.
  local range = {
    start = { line = gc001.lnum, character = gc001.col },
    ['end'] = { line = gc001.end_lnum, character = gc001.end_col },
  }
  local lsp_diag = { range = range, message = gc001.message, code = 'GC001', source = 'cxlint' }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  local action
  for _, r in pairs(responses or {}) do
    if r.error then result.code_action_error = r.error.message end
    for _, a in ipairs(r.result or {}) do
      if a.title:find('^GC001') then action = a end
    end
  end
  assert(action, 'no GC001 quick fix')
  result.action = action.title
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  vim.cmd('wall')
  -- Saving main.tf tells the server to re-read the configuration, whether
  -- or not the client attached to the buffer it edited.
  vim.cmd('buffer ' .. buf)
  vim.cmd('write')
  local cleared = vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == 'GC001' and d.lnum == 36 then return false end
    end
    return true
  end, 50)
  table.insert(result.steps, 'cleared:' .. tostring(cleared))
  result.after = codes(buf)
end)
if not ok then result.error = tostring(err) end
finish()
